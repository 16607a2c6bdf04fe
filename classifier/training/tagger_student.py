"""A narrow PHI-tagger student distilled from a trained tagger (`classifier train-tagger
--teacher models/phi-tagger-3 --student-hidden 128 --layers 2`).

The student is a BERT encoder narrower than the base (`hidden` wide, STUDENT_HEADS heads,
intermediate 4 x hidden, `layers` deep) with the base's tokenizer, so words and offsets are
the tagger's own. Its token, position and token-type embeddings start as the base's projected
on the first `hidden` principal components of the base's token embeddings; the encoder layers
start fresh. It learns from the teacher's softened logits on every token it reads (annotated
texts and unlabelled corpus text) and from the gold labels where there are any (the loss of
classifier/training/distill.py: KD_WEIGHT of soft targets at KD_TEMPERATURE). The teacher's
logits come from its shipped ONNX model over the student's own training windows, computed
once and cached in the system's temporary folder (never in the repository).
"""

from __future__ import annotations

import hashlib
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from classifier.ml.phi_tagger import PhiTagger
from classifier.training.distill import KD_TEMPERATURE, KD_WEIGHT
from classifier.training.split import is_validation
from classifier.training.tagger import (
    IGNORE,
    LABELS,
    TaggerConfig,
    batch_tensors,
    encode,
    progress,
    subsampled,
)
from classifier.training.train import default_base, length_batches, optimizer_step, seeded_torch

STUDENT_HEADS = 4
TEACHER_BATCH = 8  # windows of one width per ONNX run of the teacher
CORPUS_WINDOWS_PER_DOC = 2  # the first windows of each unlabelled document
CHARS_PER_WINDOW = 1600  # text read per unlabelled window (about 6 characters a token)
CHECKPOINT_STEPS = 100  # the student's torch weights saved to `checkpoint` this often

Window = tuple[list[int], list[int]]  # token ids; gold label ids (IGNORE where unknown)


def student_model(base: str, hidden: int, layers: int) -> Any:
    """A fresh narrow BERT token classifier whose embeddings are the base's, PCA-projected."""
    import torch
    from transformers import AutoModel, BertConfig, BertForTokenClassification

    config = BertConfig.from_pretrained(
        base,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
    )
    config.hidden_size, config.num_hidden_layers = hidden, layers
    config.num_attention_heads, config.intermediate_size = STUDENT_HEADS, 4 * hidden
    model = BertForTokenClassification(config)
    source = AutoModel.from_pretrained(base).embeddings
    basis = pca_basis(source.word_embeddings.weight.detach(), hidden)
    with torch.no_grad():
        for name in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
            weight = getattr(source, name).weight.detach()
            getattr(model.bert.embeddings, name).weight.copy_(weight @ basis)
    return model


def _student(cfg: TaggerConfig, base: str) -> tuple[Any, tuple[int, ...]]:
    """The teacher's own layers (`init_from_teacher`; which ones), or a fresh narrow BERT."""
    if not cfg.init_from_teacher:
        return student_model(base, cfg.student_hidden, cfg.layers), ()
    from classifier.training.teacher_weights import teacher_student

    model, kept = teacher_student(Path(cfg.teacher), base, LABELS, cfg.layers)
    if cfg.resume:
        from transformers import BertForTokenClassification

        model = BertForTokenClassification.from_pretrained(cfg.resume)
    model.bert.embeddings.requires_grad_(False)  # the teacher's, trained: 2/3 of the weights
    return model, kept


def _out_of_time(cfg: TaggerConfig, started: float) -> bool:
    return bool(cfg.max_minutes) and time.time() - started > 60 * cfg.max_minutes


def pca_basis(vectors: Any, k: int) -> Any:
    """The first `k` principal directions of `vectors` (rows), as a (dim x k) matrix."""
    import torch

    centred = vectors - vectors.mean(dim=0, keepdim=True)
    _, _, vh = torch.linalg.svd(centred, full_matrices=False)
    return vh[:k].T.contiguous()


def corpus_windows(path: Path, tokenizer: Any, size: int, limit: int, seed: int) -> list[Window]:
    """Up to `limit` unlabelled windows from the training split of a corpus JSONL (`id`,
    `text`): the first CORPUS_WINDOWS_PER_DOC windows of each document, documents in a seeded
    order. Their gold is unknown (IGNORE): only the teacher teaches them."""
    with path.open(encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    docs = [d for d in docs if not is_validation(str(d["id"]))]
    random.Random(seed).shuffle(docs)
    out: list[Window] = []
    for doc in docs:
        text = doc["text"][: CHARS_PER_WINDOW * CORPUS_WINDOWS_PER_DOC]
        ids = tokenizer(text, add_special_tokens=False)["input_ids"]
        for i in range(0, min(len(ids), size * CORPUS_WINDOWS_PER_DOC), size):
            out.append((ids[i : i + size], [IGNORE] * len(ids[i : i + size])))
        if len(out) >= limit:
            return out[:limit]
    return out


def teacher_logits(
    teacher_dir: Path, windows: list[Window], cls: int, sep: int, cache_dir: Path | None = None
) -> list[Any]:
    """The teacher's logits (float16, tokens + 2 x labels) for each window framed by [CLS] and
    [SEP], cached in `cache_dir` (the system's temporary folder) by the teacher's model hash
    and the windows' tokens."""
    manifest = json.loads((teacher_dir / "manifest.json").read_text(encoding="utf-8"))
    key = hashlib.sha256(manifest["files"]["model.onnx"].encode())
    for ids, _ in windows:
        key.update(np.asarray(ids, dtype=np.int32).tobytes() + b"|")
    folder = cache_dir or Path(tempfile.gettempdir())
    cache = folder / f"classifier-teacher-{key.hexdigest()[:20]}.npz"
    if cache.is_file():
        with np.load(cache) as saved:
            return np.split(saved["logits"], np.cumsum(saved["lengths"])[:-1])
    out = _run_teacher(PhiTagger(teacher_dir), windows, cls, sep)
    lengths = np.array([len(x) for x in out])
    np.savez(cache, logits=np.concatenate(out), lengths=lengths)
    return out


def _run_teacher(teacher: PhiTagger, windows: list[Window], cls: int, sep: int) -> list[Any]:
    out: list[Any] = [None] * len(windows)
    by_width: dict[int, list[int]] = {}
    for i, (ids, _) in enumerate(windows):
        by_width.setdefault(len(ids), []).append(i)
    started = time.time()
    for indices in by_width.values():
        for k in range(0, len(indices), TEACHER_BATCH):
            part = indices[k : k + TEACHER_BATCH]
            logits = teacher._logits([[cls, *windows[i][0], sep] for i in part])
            for row, i in enumerate(part):
                out[i] = logits[row].astype(np.float16)
    print(f"teacher logits for {len(windows)} windows: {time.time() - started:.0f}s", flush=True)
    return out


def kd_token_loss(student: Any, teacher: Any, mask: Any, gold: Any, phi_weight: float = 1.0) -> Any:
    """KD_WEIGHT x the token-averaged KL divergence to the teacher at KD_TEMPERATURE (scaled
    by its square; a token the teacher or the gold calls personal data weighs `phi_weight`),
    plus the rest x cross-entropy on the tokens with a gold label."""
    import torch.nn.functional as F

    t = KD_TEMPERATURE
    personal = (teacher.argmax(-1) != 0) | (gold > 0)  # label 0 is O
    mask = mask * (1.0 + (phi_weight - 1.0) * personal)
    target = F.softmax(teacher / t, dim=-1)
    kl = (target * (F.log_softmax(teacher / t, dim=-1) - F.log_softmax(student / t, dim=-1))).sum(
        -1
    )
    soft = (kl * mask).sum() / mask.sum() * (t * t)
    if not bool((gold != IGNORE).any()):
        return soft
    hard = F.cross_entropy(
        student.reshape(-1, student.shape[-1]), gold.reshape(-1), ignore_index=IGNORE
    )
    return KD_WEIGHT * soft + (1.0 - KD_WEIGHT) * hard


def distil(cfg: TaggerConfig, texts: list[Any], work: Path) -> dict[str, Any]:
    """Train the student on `texts` (annotated) and cfg.unlabelled (corpus text), save it
    under work/torch like `fine_tune`; returns what the manifest records of the recipe."""
    import torch
    from transformers import AutoTokenizer, get_linear_schedule_with_warmup

    rng = seeded_torch(cfg.seed, cfg.threads)
    base = cfg.base or default_base()
    tokenizer = AutoTokenizer.from_pretrained(base)
    size = cfg.max_length - 2
    data: list[Window] = subsampled(encode(texts, tokenizer, size), cfg.keep_plain, rng)
    annotated = len(data)
    for path in cfg.unlabelled:
        data += corpus_windows(Path(path), tokenizer, size, cfg.unlabelled_windows, cfg.seed)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    soft = teacher_logits(Path(cfg.teacher), data, cls, sep)
    model, kept = _student(cfg, base)
    total = max(1, int(-(-len(data) // cfg.batch_size) * cfg.epochs))
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * total), total)
    model.train()
    step, started = 0, time.time()
    print(f"{annotated} annotated + {len(data) - annotated} unlabelled windows, {total} steps")
    while step < total:
        for batch in length_batches([len(ids) for ids, _ in data], cfg.batch_size, rng):
            if step >= total or _out_of_time(cfg, started):
                total = step
                break
            input_ids, mask, gold = batch_tensors([data[j] for j in batch], cls, sep)
            teacher = torch.zeros((*input_ids.shape, len(LABELS)))
            for row, j in enumerate(batch):
                teacher[row, : len(soft[j])] = torch.from_numpy(soft[j].astype(np.float32))
            logits = model(input_ids=input_ids, attention_mask=mask).logits
            loss = kd_token_loss(logits, teacher, mask, gold, cfg.phi_weight)
            step += 1
            optimizer_step(model, optimizer, schedule, loss)
            progress(step, total, loss.item(), started)
            if cfg.checkpoint and step % CHECKPOINT_STEPS == 0:
                model.save_pretrained(Path(cfg.checkpoint))
                tokenizer.save_pretrained(Path(cfg.checkpoint))
    model.save_pretrained(work / "torch")
    tokenizer.save_pretrained(work / "torch")
    return {
        "teacher": Path(cfg.teacher).name,
        "initialised_from_teacher_layers": list(kept) if cfg.init_from_teacher else None,
        "steps": step,
        "resumed_from_checkpoint": bool(cfg.resume),
        "student_hidden": model.config.hidden_size,
        "student_heads": model.config.num_attention_heads,
        "kd_temperature": KD_TEMPERATURE,
        "kd_weight": KD_WEIGHT,
        "phi_token_weight": cfg.phi_weight,
        "annotated_windows": annotated,
        "unlabelled": [Path(p).name for p in cfg.unlabelled],
        "unlabelled_windows": len(data) - annotated,
    }
