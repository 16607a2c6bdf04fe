"""Fit the small heads on the frozen encoder's document embeddings (classifier/ml/heads.py)
with scikit-learn."""

from __future__ import annotations

import hashlib

import numpy as np

from classifier.ml.heads import LinearHead, References
from classifier.ml.text_classifier import TextClassifier
from classifier.training.corpus import Example

REFERENCES_PER_LABEL = 120
HEAD_C = 1.0
GATE_CS = (0.1, 1.0, 10.0, 100.0)  # tried by cross-validation on the training examples


def _rank(doc_id: str) -> str:
    return hashlib.sha256(f"reference-v1:{doc_id}".encode()).hexdigest()


def build_references(
    model: TextClassifier, examples: list[Example], per_label: int = REFERENCES_PER_LABEL
) -> References:
    """Embeddings of up to `per_label` training documents of each label (a fixed sample)."""
    chosen: list[Example] = []
    for label in sorted({ex.label for ex in examples}):
        of_label = sorted((ex for ex in examples if ex.label == label), key=lambda e: _rank(e.id))
        chosen += of_label[:per_label]
    vectors = model.embed([ex.text for ex in chosen])
    return References(vectors, np.array([ex.label for ex in chosen]))


def fit_head(embeddings: np.ndarray, labels: list[str], order: list[str]) -> LinearHead:
    """A balanced multinomial logistic regression, its rows in `order` (the encoder's)."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=HEAD_C, max_iter=3000, class_weight="balanced")
    lr.fit(embeddings, labels)
    rows = [list(lr.classes_).index(label) for label in order]
    return LinearHead(lr.coef_[rows], lr.intercept_[rows])


def _gate_f1(x: np.ndarray, y: np.ndarray, c: float) -> float:
    """F1 of the new type in a stratified cross-validation of the training examples only."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    folds = int(min(5, y.sum()))
    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    pred = cross_val_predict(lr, x, y, cv=folds)
    tp = float(((pred == 1) & (y == 1)).sum())
    return 2 * tp / (2 * tp + float((pred != y).sum())) if tp else 0.0


def fit_gate(positives: np.ndarray, negatives: np.ndarray) -> tuple[LinearHead, float]:
    """A balanced one-vs-rest logistic regression, the new type against everything else, its
    regularisation chosen (among GATE_CS) by cross-validation on these examples; the head and
    that C."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([positives, negatives])
    y = np.r_[np.ones(len(positives)), np.zeros(len(negatives))]
    best = max(GATE_CS, key=lambda c: (_gate_f1(x, y, c), -c))
    lr = LogisticRegression(C=best, max_iter=3000, class_weight="balanced").fit(x, y)
    return LinearHead(lr.coef_.astype(np.float32), lr.intercept_.astype(np.float32)), best
