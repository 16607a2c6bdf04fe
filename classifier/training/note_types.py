"""Fit the note-type head (classifier/ml/note_types.py) with scikit-learn: the features are the
table in `note_features.tsv` (NAME <TAB> pattern), the head a balanced logistic regression over
the note types present in the training data, its fusion weight chosen on the calibration slice."""

from __future__ import annotations

import dataclasses
import re
from importlib import resources

import numpy as np

from classifier.errors import ConfigError
from classifier.ml.note_types import NoteTypeHead, count_features, reweigh
from classifier.ml.text_classifier import log_softmax
from classifier.training.corpus import Example

NOTE_TYPES = ("consult_note", "discharge_summary", "emergency_report", "progress_note")
HEAD_C = 0.1  # chosen by grouped cross-validation (benchmarks/grouped_cv.py)
WEIGHTS = tuple(round(w, 1) for w in np.linspace(0.0, 2.0, 21))


def feature_table() -> list[tuple[str, str]]:
    """(name, pattern) of every feature in note_features.tsv, in file order."""
    text = resources.files("classifier.training").joinpath("note_features.tsv").read_text("utf-8")
    table = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, pattern = line.partition("\t")
        re.compile(pattern)
        table.append((name.strip(), pattern))
    return table


def fit_note_types(train: list[Example], labels: list[str]) -> NoteTypeHead | None:
    """The head over the note types among `labels` (None when fewer than two are), weight 0."""
    from sklearn.linear_model import LogisticRegression

    types = [lab for lab in labels if lab in NOTE_TYPES]
    examples = [ex for ex in train if ex.label in types]
    if len({ex.label for ex in examples}) < 2:
        return None
    if len({ex.label for ex in examples}) < len(types):
        raise ConfigError("the note-type head needs training documents of every note type")
    table = feature_table()
    x = count_features([re.compile(p) for _, p in table], [ex.text for ex in examples])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    lr = LogisticRegression(C=HEAD_C, max_iter=3000, class_weight="balanced")
    lr.fit((x - mean) / scale, [ex.label for ex in examples])
    order = [list(lr.classes_).index(lab) for lab in types]
    return NoteTypeHead(
        labels=types,
        features=table,
        mean=mean,
        scale=scale,
        coef=lr.coef_[order],
        intercept=lr.intercept_[order],
        weight=0.0,
    )


def best_weight(
    head: NoteTypeHead, fused: np.ndarray, gold: np.ndarray, labels: list[str], texts: list[str]
) -> float:
    """The weight (0..2, step 0.1) with the lowest log-loss on the note-type documents among
    `texts` (the calibration slice): fused log-scores, gold label indices."""
    rows = np.flatnonzero(np.isin(np.array(labels)[gold], head.labels))
    if not len(rows):
        return 0.0
    fused, gold = fused[rows], gold[rows]
    probs = head.log_probs([texts[i] for i in rows])
    index = [labels.index(lab) for lab in head.labels]
    losses = [
        -float(log_softmax(reweigh(fused, index, probs, w))[np.arange(len(gold)), gold].mean())
        for w in WEIGHTS
    ]
    return float(WEIGHTS[int(np.argmin(losses))])


def with_weight(head: NoteTypeHead, weight: float) -> NoteTypeHead:
    return dataclasses.replace(head, weight=weight)
