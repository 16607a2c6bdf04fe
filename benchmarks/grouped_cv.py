"""Grouped cross-validation of the classifier's heads on the frozen encoder, for
benchmarks/classifier_eval.py.

Documents that share a template or an origin stay in one fold, so a fold scores documents
unlike any it was trained on: MTSamples notes by their title stem (the sample's kind within a
note type, e.g. "Gen Med Consult - 27" and "Gen Med Consult - 3" together; the data holds no
specialty field), contracts and earnings calls by company, Reuters by first topic, newsgroup
posts by newsgroup, receipts by merchant (first line). Court judgments have no known grouping.

Each fold trains, on the other folds, the heads that sit on the frozen encoder: the lexical
model (TF-IDF with section headings, logistic regression, the shipped recipe), a logistic
regression on the encoder's first-window embedding (what the shipped encoder reads) and on the
mean of its window embeddings (the whole document), their fusions, the first-window fusion with
the note-type head (classifier/ml/note_types.py, refitted per fold, at the model's weight) when
the model has one, and the TF-IDF + LR baseline. `repeats` partitions (seeds 13, 14, ...) give
5 x repeats folds: per-class F1 on five or six emergency reports per fold is noisy.
The encoder itself was fine-tuned on the training split, so its embeddings of training-split
documents are optimistic: the figures restricted to documents the encoder never saw
(calibration and reporting slices) are printed beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

OOS = "out_of_scope"
FOLDS = 5
SEED = 13
EMBEDDING_C = 1.0
LEXICAL_C = 10.0


def group_of(row: dict[str, Any]) -> str:
    source, title = row["source"], str(row.get("title") or "")
    if source == "mtsamples":
        stem = re.sub(r"\s-\s\d+\s*$", "", title)
        key = re.sub(r"[\d\W_]+", " ", stem).strip().lower()
    elif source in ("cuad", "ectsum"):
        key = title.split("_")[0].lower()
    elif source == "reuters21578":
        key = (row.get("topics") or ["none"])[0]
    elif source == "20newsgroups":
        key = title
    elif source == "sroie":
        key = next((line.strip().lower() for line in row["text"].splitlines() if line.strip()), "")
    else:
        key = row["id"]
    return f"{source}:{key}"


def folds(rows: list[dict[str, Any]], seed: int = SEED) -> list[np.ndarray]:
    """The test indices of each fold: label-stratified, groups never split."""
    from sklearn.model_selection import StratifiedGroupKFold

    labels = [r["label"] for r in rows]
    groups = [group_of(r) for r in rows]
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    return [test for _, test in splitter.split(np.zeros(len(rows)), labels, groups)]


def lr_scores(x_train: Any, y_train: np.ndarray, x_test: Any, c: float) -> np.ndarray:
    """Log-probabilities of a balanced logistic regression over `labels` order (sorted)."""
    from sklearn.linear_model import LogisticRegression

    from classifier.ml.text_classifier import log_softmax

    lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x_train, y_train)
    return log_softmax(lr.decision_function(x_test))


Recipe = Callable[[np.ndarray, np.ndarray], np.ndarray]  # (train idx, test idx) -> log-probs


def note_type_recipe(base: Recipe, y: np.ndarray, texts: list[str], weight: float) -> Recipe:
    """`base` with the note-type head (classifier/ml/note_types.py) fitted on the fold's
    training documents, its fusion weight `weight` (the shipped model's, fitted on the
    calibration slice)."""
    from classifier.training.corpus import Example
    from classifier.training.note_types import fit_note_types, with_weight

    labels = sorted(set(y))

    def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        examples = [Example(str(i), texts[i], y[i], "") for i in train]
        head = fit_note_types(examples, labels)
        assert head is not None
        return with_weight(head, weight).adjust(base(train, test), labels, [texts[i] for i in test])

    return run


def recipes(
    features: dict[str, Any],
    y: np.ndarray,
    weight: float,
    texts: list[str],
    note_weight: float = 0.0,
) -> dict[str, Recipe]:
    """The heads compared in each fold; `features` holds `tfidf` (sparse), `first`, `mean`;
    with `note_weight`, the shipped recipe with the note-type head too."""
    cache: dict[tuple[str, int], np.ndarray] = {}

    def head(name: str, c: float) -> Recipe:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            key = (name, test.tobytes())
            if key not in cache:
                cache[key] = lr_scores(features[name][train], y[train], features[name][test], c)
            return cache[key]

        return run

    def fused(embedding: str) -> Recipe:
        def run(train: np.ndarray, test: np.ndarray) -> np.ndarray:
            enc, lex = (
                head(embedding, EMBEDDING_C)(train, test),
                head("tfidf", LEXICAL_C)(train, test),
            )
            return weight * enc + (1 - weight) * lex

        return run

    def baseline(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vec = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=50000)
        x = vec.fit_transform([texts[i] for i in train])
        lr = LogisticRegression(max_iter=2000).fit(x, y[train])
        return lr.predict_log_proba(vec.transform([texts[i] for i in test]))

    out = {
        "tfidf_baseline": baseline,
        "lexical": head("tfidf", LEXICAL_C),
        "embedding_first_window": head("first", EMBEDDING_C),
        "embedding_all_windows": head("mean", EMBEDDING_C),
        "fused_first_window": fused("first"),
        "fused_all_windows": fused("mean"),
    }
    if note_weight:
        out["fused_first_window + note types"] = note_type_recipe(
            fused("first"), y, texts, note_weight
        )
    return out


def per_class_f1(gold: np.ndarray, pred: np.ndarray, labels: list[str]) -> dict[str, float]:
    from sklearn.metrics import f1_score

    present = [lab for lab in labels if (gold == lab).any()]
    scores = f1_score(gold, pred, labels=present, average=None, zero_division=0)
    return dict(zip(present, (float(s) for s in scores), strict=True))


def summarise(per_fold: list[dict[str, float]]) -> dict[str, dict[str, float]]:
    keys = sorted({k for fold in per_fold for k in fold})
    out = {}
    for k in keys:
        values = np.array([fold[k] for fold in per_fold if k in fold])
        out[k] = {
            "mean": round(float(values.mean()), 4),
            "sd": round(float(values.std(ddof=1)), 4) if len(values) > 1 else 0.0,
            "min": round(float(values.min()), 4),
        }
    return out


def run_cv(
    rows: list[dict[str, Any]],
    features: dict[str, Any],
    weight: float,
    unseen_by_encoder: np.ndarray,
    note_weight: float = 0.0,
    repeats: int = 1,
) -> dict[str, Any]:
    """Per recipe: macro-F1 and per-class F1 over the folds (mean, sd, min) of `repeats`
    partitions (seeds SEED, SEED + 1, ...), and pooled over the documents the encoder never
    saw (per partition, then averaged)."""
    y = np.array([r["label"] for r in rows])
    labels = sorted(set(y))
    texts = [r["text"] for r in rows]
    partitions = [folds(rows, SEED + i) for i in range(repeats)]
    out: dict[str, Any] = {}
    for name, recipe in recipes(features, y, weight, texts, note_weight).items():
        per_fold, unseen = [], []
        for fold_tests in partitions:
            pooled = np.empty(len(rows), dtype=object)
            for test in fold_tests:
                train = np.setdiff1d(np.arange(len(rows)), test)
                pred = np.array(labels)[recipe(train, test).argmax(axis=1)]
                pooled[test] = pred
                f1 = per_class_f1(y[test], pred, labels)
                per_fold.append({"macro_f1": float(np.mean(list(f1.values()))), **f1})
            f1 = per_class_f1(y[unseen_by_encoder], pooled[unseen_by_encoder].astype(str), labels)
            unseen.append({"macro_f1": float(np.mean(list(f1.values()))), **f1})
        out[name] = {
            "folds": summarise(per_fold),
            "encoder_unseen_pooled": {k: v["mean"] for k, v in summarise(unseen).items()},
        }
        print(f"  {name:<38} macro-F1 {out[name]['folds']['macro_f1']}", flush=True)
    return out


def print_table(cv: dict[str, Any], labels: list[str]) -> None:
    names = list(cv)
    print(f"\ngrouped {FOLDS}-fold CV, F1 mean ± sd over every fold of every partition (min)")
    print(f"{'':<20}" + "".join(f"{n[:22]:>24}" for n in names))
    for key in ["macro_f1", *labels]:
        cells = []
        for n in names:
            s = cv[n]["folds"].get(key)
            cells.append(f"{s['mean']:.3f}±{s['sd']:.3f} ({s['min']:.2f})" if s else "-")
        print(f"{key:<20}" + "".join(f"{c:>24}" for c in cells))
    print(
        f"{'encoder-unseen':<20}"
        + "".join(f"{cv[n]['encoder_unseen_pooled']['macro_f1']:>24.3f}" for n in names)
    )
