"""The document classifier at serving time: ONNX Runtime + tokenizers, never torch.

A model directory holds `model.onnx`, `tokenizer.json`, `manifest.json` and `MODEL_CARD.md`.
The manifest lists the sha256 of every other file; a model whose files do not match it is
refused. `models/ACTIVE` names the directory served by default.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from classifier.document import Classification
from classifier.errors import ModelError
from classifier.ml.embedding import EMBEDDING_OUTPUT, document_embedding
from classifier.ml.evidence import evidence_reason, known_words
from classifier.ml.heads import HEAD_FILE, LinearHead, added_file, sigmoid, with_added
from classifier.ml.lexical_model import LexicalModel
from classifier.ml.note_types import NoteTypeHead
from classifier.ml.open_set import OpenSet

MANIFEST = "manifest.json"
OUT_OF_SCOPE = "out_of_scope"
ACTIVE = "ACTIVE"


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def resolve_model_dir(models_dir: str | Path, name: str = "") -> Path:
    """The directory of model `name`, or of the one `models/ACTIVE` names."""
    models_dir = Path(models_dir)
    if not name:
        active = models_dir / ACTIVE
        if not active.is_file():
            raise ModelError(f"{active}: no active model named")
        name = active.read_text(encoding="utf-8").strip()
    model_dir = models_dir / name
    if not (model_dir / MANIFEST).is_file():
        raise ModelError(f"{model_dir}: no {MANIFEST}")
    return model_dir


def load_manifest(model_dir: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((model_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{model_dir / MANIFEST}: unreadable manifest ({exc})") from None
    for key in ("name", "version", "labels", "files", "max_length"):
        if key not in manifest:
            raise ModelError(f"{model_dir / MANIFEST}: missing {key!r}")
    return manifest


def verify_model_dir(model_dir: Path) -> dict[str, Any]:
    """Check every file against the manifest; return the manifest, or raise ModelError."""
    manifest = load_manifest(model_dir)
    for rel, expected in manifest["files"].items():
        path = model_dir / rel
        if not path.is_file():
            raise ModelError(f"{model_dir.name}: {rel} listed in the manifest is missing")
        if file_sha256(path) != expected:
            raise ModelError(f"{model_dir.name}: {rel} does not match its manifest sha256")
    for required in ("model.onnx", "tokenizer.json"):
        if required not in manifest["files"]:
            raise ModelError(f"{model_dir.name}: manifest does not cover {required}")
    return manifest


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    result: np.ndarray = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return result


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    result: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
    return result


@dataclass(frozen=True)
class LabelInfo:
    name: str
    domain: str


def onnx_session(path: Path, threads: int = 0, spinning: bool = True) -> Any:
    """An ONNX Runtime CPU session; `threads` intra-op threads (0: ORT's default); without
    `spinning`, idle worker threads sleep instead of busy-waiting for the next operator."""
    import onnxruntime as ort

    ort.disable_telemetry_events()  # besides ORT_DISABLE_TELEMETRY (classifier/security/offline.py)
    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    if not spinning:
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


CHARS_PER_TOKEN_BOUND = 8  # English prose averages about 4.5 characters per WordPiece token


def _whitespace_prefix(text: str, length: int) -> str:
    """`text` up to the last whitespace before `length` (all of it when shorter)."""
    if len(text) <= length:
        return text
    end = max(text.rfind(" ", 0, length), text.rfind("\n", 0, length))
    return text[:end] if end > 0 else text


class TextClassifier:
    """A verified ONNX encoder and its tokenizer, fused with the lexical model when the
    manifest has one: log p = w * log p_encoder + (1 - w) * log p_lexical, then divided by the
    calibration temperature. Thread-safe `classify`. With a lexical model, a document far from
    every class (ml/open_set.py) or with fewer than `min_known_words` distinct known words
    (ml/evidence.py; default: the setting's) carries the reason in `Classification.open_set`."""

    def __init__(self, model_dir: str | Path, threads: int = 0, min_known_words: int | None = None):
        from tokenizers import Tokenizer

        from classifier.settings import DEFAULTS

        self.model_dir = Path(model_dir)
        self.manifest = verify_model_dir(self.model_dir)
        self.labels = [LabelInfo(x["name"], x["domain"]) for x in self.manifest["labels"]]
        self.max_length = int(self.manifest["max_length"])
        self.temperature = float(self.manifest.get("temperature", 1.0))
        self.version = f"{self.manifest['name']}-{self.manifest['version']}"
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=self.max_length)
        self.tokenizer.no_padding()
        self.session = onnx_session(self.model_dir / "model.onnx", threads)
        self.input_names = {i.name for i in self.session.get_inputs()}
        lexical = self.manifest.get("lexical")
        self.lexical = LexicalModel.load(self.model_dir) if lexical else None
        self.lexical_weight = float(lexical["encoder_weight"]) if lexical else 1.0
        self.open_set = OpenSet.load(self.model_dir, self.manifest) if lexical else None
        self.min_known_words = int(
            DEFAULTS["min_known_words"] if min_known_words is None else min_known_words
        )
        self.note_types = NoteTypeHead.load(self.model_dir, self.manifest)
        self.base_labels = len(self.labels)
        self._load_heads()

    def _head_file(self, name: str) -> Path:
        if name not in self.manifest["files"]:
            raise ModelError(f"{self.model_dir.name}: manifest does not cover {name}")
        if self.window_tokenizer is None:
            raise ModelError(f"{self.model_dir.name}: {name} needs an encoder with an embedding")
        return self.model_dir / name

    def _load_heads(self) -> None:
        """The whole-document head and the site's added labels (classifier/ml/heads.py)."""
        self.window_tokenizer = None
        if EMBEDDING_OUTPUT in {o.name for o in self.session.get_outputs()}:
            from tokenizers import Tokenizer

            self.window_tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            self.window_tokenizer.no_truncation()
        self.head = (
            LinearHead.load(self._head_file(HEAD_FILE)) if self.manifest.get("head") else None
        )
        self.added = []
        for entry in self.manifest.get("added_labels", []):
            gate = LinearHead.load(self._head_file(added_file(entry["name"])))
            self.added.append(gate)
            self.labels.append(LabelInfo(entry["name"], entry["domain"]))

    def embed(self, texts: list[str]) -> np.ndarray:
        """The whole-document embedding of each text (mean over its windows)."""
        if self.window_tokenizer is None:
            raise ModelError(f"{self.model_dir.name}: its encoder has no embedding output")
        return np.array(
            [
                document_embedding(
                    self.session, self.input_names, self.window_tokenizer, t, self.max_length
                )
                for t in texts
            ]
        )

    def logits(self, texts: list[str]) -> np.ndarray:
        """Fused log-probabilities over the base labels (before temperature)."""
        return self._fused(texts)[0]

    def _fused(
        self, texts: list[str], embeddings: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Fused log-probabilities and the lexical model's raw logits (None without one)."""
        if self.head is not None:
            vectors = self.embed(texts) if embeddings is None else embeddings
            scores = log_softmax(self.head.logits(vectors))
        else:
            scores = log_softmax(self.encoder_logits(texts))
        lexical = None if self.lexical is None else self.lexical.logits(texts)
        fused = scores
        if lexical is not None:
            w = self.lexical_weight
            fused = w * scores + (1.0 - w) * log_softmax(lexical)
        if self.note_types is not None:  # whole-document note-type features (ml/note_types.py)
            names = [lab.name for lab in self.labels[: self.base_labels]]
            fused = self.note_types.adjust(fused, names, texts)
        return fused, lexical

    def probabilities(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray | None]:
        """Calibrated probabilities over every label (base, then added) and the lexical logits."""
        embeddings = self.embed(texts) if self.head is not None or self.added else None
        fused, lexical = self._fused(texts, embeddings)
        probs = softmax(fused / self.temperature)
        if self.added and embeddings is not None:
            gates = np.stack([sigmoid(g.logits(embeddings)[:, 0]) for g in self.added], axis=1)
            probs = with_added(probs, gates)
        return probs, lexical

    def encode_window(self, texts: list[str]) -> list[Any]:
        """The first `max_length` tokens of each text. The tokenizer reads the whole string
        before it truncates, so it is given a prefix cut at whitespace (words stay whole, so
        the tokens are the same); a prefix that does not fill the window is read in full."""
        cut = CHARS_PER_TOKEN_BOUND * self.max_length
        prefixes = [_whitespace_prefix(t, cut) for t in texts]
        encodings = self.tokenizer.encode_batch(prefixes)
        for i, (text, prefix, enc) in enumerate(zip(texts, prefixes, encodings, strict=True)):
            if len(prefix) < len(text) and len(enc.ids) < self.max_length:
                encodings[i] = self.tokenizer.encode(text)
        return list(encodings)

    def encoder_logits(self, texts: list[str]) -> np.ndarray:
        encodings = self.encode_window(texts)
        width = max(len(e.ids) for e in encodings)
        feeds = {
            "input_ids": np.zeros((len(texts), width), dtype=np.int64),
            "attention_mask": np.zeros((len(texts), width), dtype=np.int64),
            "token_type_ids": np.zeros((len(texts), width), dtype=np.int64),
        }
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            feeds["input_ids"][row, :n] = enc.ids
            feeds["attention_mask"][row, :n] = 1
        feeds = {k: v for k, v in feeds.items() if k in self.input_names}
        logits: np.ndarray = self.session.run(["logits"], feeds)[0]
        return logits

    def classify_batch(self, texts: list[str]) -> list[Classification]:
        probs, lexical = self.probabilities(texts)
        open_scores = None
        if self.open_set is not None and lexical is not None:
            names = [lab.name for lab in self.labels[: self.base_labels]]
            open_scores = self.open_set.scores(lexical, names)
        results = []
        for i, row in enumerate(probs):
            best = int(row.argmax())
            label = self.labels[best]
            scores = {lab.name: float(p) for lab, p in zip(self.labels, row, strict=True)}
            result = Classification(label.name, label.domain, float(row[best]), scores)
            if lexical is not None:
                score = None if open_scores is None else float(open_scores[i])
                result = self._open_set(result, score, texts[i])
            results.append(result)
        return results

    def _open_set(self, result: Classification, score: float | None, text: str) -> Classification:
        """`result` with the open-set reason when the rule finds it far from every class, or
        else when it has too few known words (the decide stage then holds it for review;
        label, domain and confidence stay those of the nearest class, so its sensitivity is
        kept)."""
        assert self.lexical is not None
        reason = None
        if self.open_set is not None and score is not None:
            reason = self.open_set.reason(score, result.label)
        if reason is None and self.min_known_words > 0:
            count = known_words(self.lexical.vocabulary, text, enough=self.min_known_words)
            reason = evidence_reason(count, self.min_known_words, result.label)
        added = {lab.name for lab in self.labels[self.base_labels :]}
        if reason is None or result.label == OUT_OF_SCOPE or result.label in added:
            return result
        return replace(result, open_set=reason)

    def classify(self, text: str) -> Classification:
        return self.classify_batch([text])[0]


PREVIOUS = "PREVIOUS"  # the model ACTIVE named before the last activation (for rollback)
CLASSIFIER_KIND = "classifier"


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def activate(models_dir: str | Path, name: str) -> tuple[str, str]:
    """Make `name` the served model, after verifying it; returns (previous, new) names."""
    models_dir = Path(models_dir)
    manifest = verify_model_dir(resolve_model_dir(models_dir, name))
    kind = manifest.get("kind", CLASSIFIER_KIND)
    if kind != CLASSIFIER_KIND:
        raise ModelError(f"{name}: a {kind} model, not a document classifier")
    active = models_dir / ACTIVE
    previous = active.read_text(encoding="utf-8").strip() if active.is_file() else ""
    if previous and previous != name:
        _write_atomically(models_dir / PREVIOUS, previous + "\n")
    _write_atomically(active, name + "\n")
    return previous, name


def previous_model(models_dir: str | Path) -> str:
    """The model that was active before the last activation: what a rollback activates."""
    marker = Path(models_dir) / PREVIOUS
    if not marker.is_file():
        raise ModelError(f"{marker}: no previous model to roll back to")
    return marker.read_text(encoding="utf-8").strip()


@dataclass(frozen=True)
class ModelEntry:
    name: str
    kind: str
    version: str
    score: str  # the headline metric, as text
    size_bytes: int
    problem: str  # empty when every file matches the manifest


def _headline(manifest: dict[str, Any]) -> str:
    metrics = manifest.get("metrics") or {}
    if "macro_f1" in metrics:
        return f"macro-F1 {metrics['macro_f1']:.3f}"
    if "holdout" in metrics:
        h = metrics["holdout"]
        return f"char recall {h['char_recall']:.3f} precision {h['char_precision']:.3f}"
    return "-"


def list_models(models_dir: str | Path) -> list[ModelEntry]:
    """Every model directory under `models_dir`, verified."""
    entries = []
    for model_dir in sorted(p for p in Path(models_dir).iterdir() if (p / MANIFEST).is_file()):
        problem = ""
        try:
            manifest = verify_model_dir(model_dir)
        except ModelError as exc:
            problem = str(exc)
            try:
                manifest = json.loads((model_dir / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
        size = sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file())
        entries.append(
            ModelEntry(
                model_dir.name,
                str(manifest.get("kind", CLASSIFIER_KIND)),
                str(manifest.get("version", "?")),
                _headline(manifest),
                size,
                problem,
            )
        )
    return entries
