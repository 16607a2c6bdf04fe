"""The note-type head: which kind of clinical visit note a document is, from the whole text.

Emergency reports, consult notes (history and physical), progress notes and discharge summaries
share a vocabulary and often a first screen; what separates them is spread over the whole
document: where the visit happens (the emergency department, a clinic, the ward), the section
headings (CHIEF COMPLAINT, ED COURSE, DISPOSITION, SUBJECTIVE/OBJECTIVE/ASSESSMENT/PLAN,
HOSPITAL COURSE), how the visit ends (sent home, admitted, follow-up). The head counts a short
list of named regular expressions over the whole text (the first LEXICAL_CHARS characters),
takes log(1 + count) of each, standardises them, and a small logistic regression over the
note types turns them into log-probabilities. Every feature, its pattern and its weight per
note type is in the model directory's `note_types.json` (covered by the manifest, so verified
at load): the head explains itself.

It only redistributes probability among its note types: the share the fused classifier gives
them together is kept, and within it the fused scores are multiplied by the head's
probabilities raised to `weight` (fitted on the calibration slice, classifier/training/
note_types.py). Other labels are untouched.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.errors import ModelError
from classifier.ml.lexical_model import LEXICAL_CHARS

NOTE_TYPES_FILE = "note_types.json"


def _log_softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    result: np.ndarray = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))
    return result


def _logsumexp(z: np.ndarray) -> np.ndarray:
    top = z.max(axis=-1, keepdims=True)
    result: np.ndarray = top + np.log(np.exp(z - top).sum(axis=-1, keepdims=True))
    return result


def count_features(patterns: list[re.Pattern[str]], texts: list[str]) -> np.ndarray:
    """log(1 + number of matches) of each pattern in each text: (texts, patterns)."""
    return np.array(
        [[math.log1p(len(p.findall(t[:LEXICAL_CHARS]))) for p in patterns] for t in texts],
        dtype=np.float32,
    ).reshape(len(texts), len(patterns))


def reweigh(fused: np.ndarray, index: list[int], head: np.ndarray, weight: float) -> np.ndarray:
    """`fused` with its columns `index` multiplied by the head's probabilities ** `weight`,
    renormalised so that together they keep the share they had."""
    group = fused[:, index]
    shifted = group + weight * head
    out = fused.copy()
    out[:, index] = shifted - _logsumexp(shifted) + _logsumexp(group)
    return out


@dataclass(frozen=True)
class NoteTypeHead:
    labels: list[str]  # the note types it decides among (a subset of the model's labels)
    features: list[tuple[str, str]]  # (name, pattern)
    mean: np.ndarray  # (features,)
    scale: np.ndarray  # (features,)
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray  # (labels,)
    weight: float  # how much its log-probabilities count in the fusion (0: not at all)

    @functools.cached_property
    def patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for _, p in self.features]

    def log_probs(self, texts: list[str]) -> np.ndarray:
        """The head's log-probabilities over its note types: (texts, labels)."""
        x = (count_features(self.patterns, texts) - self.mean) / self.scale
        return _log_softmax(x @ self.coef.T + self.intercept)

    def adjust(self, fused: np.ndarray, label_names: list[str], texts: list[str]) -> np.ndarray:
        """`fused` log-scores with the head's note types re-weighted among themselves. A text
        whose note types together score under its best other label (a contract, a receipt) is
        not read: its label cannot change (the note types' own scores stay the fusion's, so its
        calibrated confidence may differ in the last digits from a reading)."""
        index = [label_names.index(lab) for lab in self.labels]
        others = [i for i in range(fused.shape[1]) if i not in index]
        group = _logsumexp(fused[:, index])[:, 0]
        best_other = fused[:, others].max(axis=1) if others else np.full(len(fused), -np.inf)
        rows = np.flatnonzero(group >= best_other)
        if not self.weight or not len(rows):
            return fused
        out = fused.copy()
        head = self.log_probs([texts[i] for i in rows])
        out[rows] = reweigh(fused[rows], index, head, self.weight)
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "weight": self.weight,
            "intercept": [round(float(v), 6) for v in self.intercept],
            "features": [
                {
                    "name": name,
                    "pattern": pattern,
                    "mean": round(float(self.mean[i]), 6),
                    "scale": round(float(self.scale[i]), 6),
                    "weights": {
                        lab: round(float(self.coef[j, i]), 6) for j, lab in enumerate(self.labels)
                    },
                }
                for i, (name, pattern) in enumerate(self.features)
            ],
        }

    def save(self, model_dir: Path) -> None:
        text = json.dumps(self.as_dict(), indent=1) + "\n"
        (model_dir / NOTE_TYPES_FILE).write_text(text, encoding="utf-8")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> NoteTypeHead:
        labels = [str(x) for x in data["labels"]]
        feats = data["features"]
        return cls(
            labels=labels,
            features=[(str(f["name"]), str(f["pattern"])) for f in feats],
            mean=np.array([f["mean"] for f in feats], dtype=np.float32),
            scale=np.array([f["scale"] for f in feats], dtype=np.float32),
            coef=np.array([[f["weights"][lab] for f in feats] for lab in labels], np.float32),
            intercept=np.array(data["intercept"], dtype=np.float32),
            weight=float(data["weight"]),
        )

    @classmethod
    def load(cls, model_dir: Path, manifest: dict[str, Any]) -> NoteTypeHead | None:
        """The model's note-type head, or None when it ships none (the manifest must cover
        the file: verify_model_dir has checked its sha256)."""
        if NOTE_TYPES_FILE not in manifest["files"]:
            return None
        try:
            head = cls.from_dict(
                json.loads((model_dir / NOTE_TYPES_FILE).read_text(encoding="utf-8"))
            )
            head.patterns  # noqa: B018 - a pattern that does not compile is refused here
        except (OSError, ValueError, KeyError, TypeError, re.error) as exc:
            raise ModelError(f"{model_dir.name}: unreadable {NOTE_TYPES_FILE} ({exc})") from None
        names = {lab["name"] for lab in manifest["labels"]}
        if not set(head.labels) <= names:
            raise ModelError(f"{model_dir.name}: {NOTE_TYPES_FILE} names labels it does not have")
        return head
