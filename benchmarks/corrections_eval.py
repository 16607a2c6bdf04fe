#!/usr/bin/env python3
"""What 100 reviewers' label corrections change (`classifier train --corrections`).

Simulated review queue: the calibration slice (benchmarks/corpus_slices.py) stands for the
site's production documents; the model trained on the fit slice classifies them and the 100 a
reviewer would see first (the ones it gets wrong, then the least confident) come back with
their true labels, as `classifier corrections export` writes them. The lexical model is
retrained on the fit slice alone (before) and on the fit slice plus the corrections (after),
fused with the shipped encoder's logits at the shipped weight, and scored on the reporting
slice; 100 corrections drawn at random from the same slice are the comparison. Reads the
encoder's outputs from the cache of benchmarks/embedding_cache.py.

usage: .venv-dev/bin/python benchmarks/corrections_eval.py [--model-dir models/NAME] [--count 100]
Writes benchmarks/results/corrections_eval.json; exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_slices import RESULTS, benchmark_parser, data_missing, model_dir  # noqa: E402
from grouped_cv import LEXICAL_C, lr_scores, per_class_f1  # noqa: E402
from open_set_eval import arrays  # noqa: E402

from classifier.ml.text_classifier import TextClassifier, log_softmax  # noqa: E402


def fused(
    model: TextClassifier, cache: dict[str, Any], train: np.ndarray, test: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(predicted labels, fused log-probabilities) of `test` with the lexical model trained
    on `train` and the shipped encoder's logits at the shipped weight."""
    y = cache["label"]
    lexical = lr_scores(cache["tfidf"][train], y[train], cache["tfidf"][test], LEXICAL_C)
    w = model.lexical_weight
    scores = w * log_softmax(cache["encoder"][test]) + (1 - w) * lexical
    labels = np.array(sorted(set(y[train])))
    return labels[scores.argmax(axis=1)], scores


def review_queue(
    model: TextClassifier, cache: dict[str, Any], fit: np.ndarray, count: int
) -> np.ndarray:
    """Indices of the calibration documents a reviewer sees first under the model trained on
    the fit slice: the ones it gets wrong, then the least confident."""
    pool = np.flatnonzero(cache["slice"] == "calibration")
    pred, scores = fused(model, cache, fit, pool)
    wrong = pred != cache["label"][pool]
    order = np.lexsort((scores.max(axis=1), ~wrong))
    return pool[order[:count]]


def scores(
    model: TextClassifier, cache: dict[str, Any], train: np.ndarray, test: np.ndarray
) -> dict[str, float]:
    pred, _ = fused(model, cache, train, test)
    y = cache["label"]
    f1 = per_class_f1(y[test], pred, sorted(set(y[train])))
    return {"macro_f1": round(float(np.mean(list(f1.values()))), 4)} | {
        k: round(v, 4) for k, v in f1.items()
    }


def main() -> int:
    ap = benchmark_parser(__doc__)
    ap.add_argument("--count", type=int, default=100)
    a = ap.parse_args()
    if data_missing():
        return 0
    model = TextClassifier(model_dir(a.model_dir), threads=1)
    cache = arrays(model)
    fit = np.flatnonzero(cache["slice"] == "fit")
    test = np.flatnonzero(cache["slice"] == "reporting")
    queue = review_queue(model, cache, fit, a.count)
    rng = np.random.default_rng(13)
    random = rng.choice(np.flatnonzero(cache["slice"] == "calibration"), a.count, replace=False)
    wrong = int((fused(model, cache, fit, queue)[0] != cache["label"][queue]).sum())
    result = {
        "model": model.version,
        "corrections": a.count,
        "wrong_in_queue": wrong,
        "labels_in_queue": dict(
            zip(*np.unique(cache["label"][queue], return_counts=True), strict=True)
        ),
        "before": scores(model, cache, fit, test),
        "after_review_queue": scores(model, cache, np.r_[fit, queue], test),
        "after_random": scores(model, cache, np.r_[fit, random], test),
    }
    result["labels_in_queue"] = {str(k): int(v) for k, v in result["labels_in_queue"].items()}
    print(f"{a.count} corrections ({wrong} of them wrong predictions): {result['labels_in_queue']}")
    print(f"{'reporting slice F1':<20}{'before':>9}{'queue':>9}{'random':>9}")
    for k in result["before"]:
        row = [result[c][k] for c in ("before", "after_review_queue", "after_random")]
        print(f"{k:<20}" + "".join(f"{v:>9}" for v in row))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "corrections_eval.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
