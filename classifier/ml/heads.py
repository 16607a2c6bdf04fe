"""Small heads on the frozen encoder's document embedding (classifier/ml/embedding.py), in
numpy at serving time (fitted with scikit-learn, `[train]` only).

- `head.npz`: a linear head over the base labels; when the manifest names it, its scores take
  the encoder's place in the fusion with the lexical model (it reads the whole document).
- `added-NAME.npz`: a site's own document type added from a few dozen examples
  (`classifier train --add-label`): a one-vs-rest logistic gate whose probability that a
  document is of the new type takes that share from the base labels.
- `references.npz`: embeddings of a sample of the base model's training documents per label,
  the negatives an added label is fitted and verified against.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

HEAD_FILE = "head.npz"
REFERENCES_FILE = "references.npz"


def added_file(name: str) -> str:
    return f"added-{name}.npz"


@dataclass(frozen=True)
class LinearHead:
    coef: np.ndarray  # (outputs, dim)
    intercept: np.ndarray  # (outputs,)

    @classmethod
    def load(cls, path: Path) -> LinearHead:
        with np.load(path) as arrays:
            return cls(arrays["coef"].astype(np.float32), arrays["intercept"].astype(np.float32))

    def save(self, path: Path) -> None:
        np.savez(path, coef=self.coef.astype(np.float32), intercept=self.intercept)

    def logits(self, x: np.ndarray) -> np.ndarray:
        result: np.ndarray = x @ self.coef.T + self.intercept
        return result


def sigmoid(z: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
    return result


def with_added(base: np.ndarray, gates: np.ndarray) -> np.ndarray:
    """Probabilities over base + added labels: each added label gets its gate probability
    (scaled down when they sum past 1), the base labels share what is left in proportion."""
    total = gates.sum(axis=1, keepdims=True)
    gates = np.where(total > 1.0, gates / np.maximum(total, 1e-9), gates)
    rest = 1.0 - gates.sum(axis=1, keepdims=True)
    result: np.ndarray = np.concatenate([base * rest, gates], axis=1)
    return result


@dataclass(frozen=True)
class References:
    embeddings: np.ndarray  # (n, dim)
    labels: np.ndarray  # (n,) label names

    @classmethod
    def load(cls, path: Path) -> References:
        with np.load(path) as arrays:
            return cls(arrays["embeddings"].astype(np.float32), arrays["labels"].astype(str))

    def save(self, path: Path) -> None:
        np.savez(path, embeddings=self.embeddings.astype(np.float16), labels=self.labels)
