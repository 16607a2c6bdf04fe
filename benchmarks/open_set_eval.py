#!/usr/bin/env python3
"""Open-set recognition: how often a document of a kind the model never saw goes to
`out_of_scope` or `review`, and how often an in-scope document is sent to review.

Slices as in benchmarks/corpus_slices.py: thresholds are fitted on the calibration slice,
figures come from the reporting slice, unseen_kinds_dev is reported, never tuned on.

1. The threshold refitted honestly: a lexical model (the shipped recipe and vocabulary) is
   trained on the fit slice only, its energy over the calibration slice's in-scope documents
   sets the threshold (the highest whose review share stays within the 3% budget at its 95%
   upper bound, classifier/ml/open_set.py). The shipped model, with its
   own threshold and with this one, on the reporting slice per source (in-scope documents sent
   to review: out_of_scope, confidence under the policy's review.min_confidence, or the rule;
   20 Newsgroups documents sent to out_of_scope or review) and on unseen_kinds_dev.
2. Leave-one-source-out: the lexical model trained on the fit slice without one source, the
   threshold from the other sources' calibration documents; the share of ALL the left-out
   source's documents that fall below it or are predicted out_of_scope, and the share of the
   other sources' in-scope reporting documents sent to review by it. Energy is compared with
   the max-softmax of the same model.

usage: .venv-dev/bin/python benchmarks/open_set_eval.py [--model-dir models/NAME]
Writes benchmarks/results/open_set_eval.json; exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_slices import CORPUS, RESULTS, UNSEEN, slice_of  # noqa: E402
from embedding_cache import cached  # noqa: E402

from classifier.ml.evidence import known_words  # noqa: E402
from classifier.ml.open_set import OpenSet, budget_threshold, energy  # noqa: E402
from classifier.ml.text_classifier import (  # noqa: E402
    TextClassifier,
    log_softmax,
    resolve_model_dir,
    softmax,
)
from classifier.policy.rules import load_policy  # noqa: E402

OOS = "out_of_scope"


def _rate(flags: np.ndarray) -> float:
    return round(float(flags.mean()), 4) if len(flags) else float("nan")


def _fit(x: Any, y: np.ndarray) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced").fit(x, y)


def calibration_logits(
    cache: dict[str, Any], corpus: np.ndarray, labels: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-sample lexical logits of the in-scope calibration documents (lexical model
    trained on the fit slice) and the mask of those documents in the cache."""
    sl, y = cache["slice"], cache["label"]
    lr = _fit(cache["tfidf"][corpus & (sl == "fit")], y[corpus & (sl == "fit")])
    calib = corpus & (sl == "calibration") & (y != OOS)
    return _in_order(lr, lr.decision_function(cache["tfidf"][calib]), labels), calib


def refit_open_set(cache: dict[str, Any], corpus: np.ndarray, labels: list[str]) -> OpenSet:
    """The rule from out-of-sample logits: lexical model trained on fit, fitted on calibration."""
    logits, _ = calibration_logits(cache, corpus, labels)
    return OpenSet.fit(logits, labels, np.array(labels)[logits.argmax(axis=1)] == OOS)


def _in_order(lr: Any, logits: np.ndarray, labels: list[str]) -> np.ndarray:
    """`logits` of a scikit-learn model with its columns in the model's `labels` order."""
    return logits[:, [list(lr.classes_).index(lab) for lab in labels]]


def served(model: TextClassifier, cache: dict[str, Any], rule: OpenSet | None) -> dict[str, Any]:
    """The shipped model's labels, confidences and open-set flags from the cached logits (the
    note-type head, when the model has one, reads the texts); the flags include the
    minimum-evidence rule (classifier/ml/evidence.py) unless the model's minimum is 0."""
    encoder = cache["encoder"]
    if model.head is not None:  # the head reads the normalised mean of the window embeddings
        mean = cache["mean"] / np.linalg.norm(cache["mean"], axis=1, keepdims=True)
        encoder = model.head.logits(mean)
    w = model.lexical_weight
    fused = w * log_softmax(encoder) + (1 - w) * log_softmax(cache["lexical"])
    names = [lab.name for lab in model.labels[: model.base_labels]]
    if model.note_types is not None:
        fused = model.note_types.adjust(fused, names, [r["text"] for r in cache["rows"]])
    probs = softmax(fused / model.temperature)
    far = np.zeros(len(probs), dtype=bool)
    if rule is not None:
        far = rule.scores(cache["lexical"], names) < rule.threshold
    if model.min_known_words > 0 and model.lexical is not None:  # the minimum-evidence rule
        counts = np.array([known_words(model.lexical.vocabulary, r["text"]) for r in cache["rows"]])
        far |= counts < model.min_known_words
    return {
        "probs": probs,
        "label": np.array(names)[probs.argmax(axis=1)],
        "confidence": probs.max(axis=1),
        "far": far,
    }


def review_rates(
    cache: dict[str, Any], out: dict[str, Any], min_confidence: float
) -> dict[str, dict[str, float]]:
    """Per source of the reporting slice and for unseen_kinds_dev: share to out_of_scope or
    review, with and without the open-set rule."""
    base = (out["label"] == OOS) | (out["confidence"] < min_confidence)
    groups: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(base), dtype=bool))
    reporting = cache["slice"] == "reporting"
    for i, (source, label) in enumerate(zip(cache["source"], cache["label"], strict=True)):
        if reporting[i]:
            groups[source][i] = True
            groups["in-scope (all)" if label != OOS else "out_of_scope (all)"][i] = True
    groups["unseen_kinds_dev (report only)"] = cache["slice"] == "unseen"
    return {
        name: {
            "documents": int(mask.sum()),
            "with_open_set": _rate((base | out["far"])[mask]),
            "without": _rate(base[mask]),
        }
        for name, mask in sorted(groups.items())
    }


def leave_one_source_out(
    cache: dict[str, Any], corpus: np.ndarray, labels: list[str]
) -> dict[str, dict[str, Any]]:
    """Per left-out source: the share of its documents caught by the shipped rule (energy less
    the class offset, classifier/ml/open_set.py), by the energy alone and by the max-softmax,
    each with its threshold fitted on the other sources' calibration documents by the same
    budget, and the in-scope review that threshold costs on their reporting documents."""
    from scipy.special import softmax as sp_softmax

    sl, y, src, x = cache["slice"], cache["label"], cache["source"], cache["tfidf"]
    out = {}
    for source in sorted(set(src[corpus])):
        rest = corpus & (src != source)
        kept = [lab for lab in labels if (y[rest & (sl == "fit")] == lab).any()]
        lr = _fit(x[rest & (sl == "fit")], y[rest & (sl == "fit")])
        logits = _in_order(lr, lr.decision_function(x[corpus]), kept)
        predicted_oos = np.array(kept)[logits.argmax(axis=1)] == OOS
        held = src[corpus] == source
        calib = (rest & (sl == "calibration") & (y != OOS))[corpus]
        report = (rest & (sl == "reporting") & (y != OOS))[corpus]
        rule = OpenSet.fit(logits[calib], kept, predicted_oos[calib])
        row: dict[str, Any] = {"documents": int(held.sum())}
        for name, score, threshold in (
            ("energy_by_class", rule.scores(logits, kept), rule.threshold),
            ("energy", energy(logits), None),
            ("max_softmax", sp_softmax(logits, 1).max(1), None),
        ):
            if threshold is None:
                threshold = budget_threshold(
                    score[calib & ~predicted_oos], int(predicted_oos[calib].sum())
                )
            flagged = (score < threshold) | predicted_oos
            row[name] = _rate(flagged[held])
            row[f"{name}_in_scope_review"] = _rate(flagged[report])
        out[source] = row
        print(f"  left out {source:<16} {row}", flush=True)
    return out


def arrays(model: TextClassifier) -> dict[str, Any]:
    """The cache with per-document slice, label and source arrays."""
    cache = cached(model)
    n_corpus = sum(1 for r in cache["rows"] if not r["id"].startswith("devdocs-"))
    cache["slice"] = np.array(
        [slice_of(r["id"]) if i < n_corpus else "unseen" for i, r in enumerate(cache["rows"])]
    )
    cache["label"] = np.array([r["label"] for r in cache["rows"]])
    cache["source"] = np.array([r["source"] for r in cache["rows"]])
    return cache


def evaluate(model: TextClassifier, min_confidence: float, loso: bool = True) -> dict[str, Any]:
    cache = arrays(model)
    corpus = cache["slice"] != "unseen"
    names = [lab.name for lab in model.labels[: model.base_labels]]
    refit = refit_open_set(cache, corpus, names)
    result: dict[str, Any] = {
        "model": model.version,
        "min_confidence": min_confidence,
        "rule_shipped": model.open_set.score if model.open_set else None,
        "threshold_shipped": model.open_set.threshold if model.open_set else None,
        "threshold_refit_on_calibration": refit.threshold,
        "shipped_threshold": review_rates(
            cache, served(model, cache, model.open_set), min_confidence
        ),
        "refit_threshold": review_rates(cache, served(model, cache, refit), min_confidence),
    }
    if loso:
        print("leave-one-source-out (lexical model trained on the fit slice without the source):")
        result["leave_one_source_out"] = leave_one_source_out(cache, corpus, names)
    return result


def print_tables(result: dict[str, Any]) -> None:
    print(
        f"\n{result['model']}: share to out_of_scope or review (min_confidence"
        f" {result['min_confidence']}); threshold shipped {result['threshold_shipped']},"
        f" refitted on calibration {result['threshold_refit_on_calibration']}"
    )
    print(
        f"{'reporting slice, source':<34}{'docs':>6}{'shipped thr':>12}"
        f"{'refit thr':>11}{'no rule':>9}"
    )
    for name, r in result["shipped_threshold"].items():
        refit = result["refit_threshold"][name]
        print(
            f"{name:<34}{r['documents']:>6}{r['with_open_set']:>12}{refit['with_open_set']:>11}"
            f"{r['without']:>9}"
        )
    if "leave_one_source_out" in result:
        methods = ("energy_by_class", "energy", "max_softmax")
        print(
            f"\n{'left-out source':<22}{'docs':>6}"
            + "".join(f"{m[:15]:>16}{'rev':>7}" for m in methods)
        )
        for source, r in result["leave_one_source_out"].items():
            cells = "".join(f"{r[m]:>16}{r[m + '_in_scope_review']:>7}" for m in methods)
            print(f"{source:<22}{r['documents']:>6}{cells}")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", default="", help="default: the model models/ACTIVE names")
    ap.add_argument("--policy", default=str(ROOT / "policies" / "default.yaml"))
    ap.add_argument("--no-loso", action="store_true", help="skip leave-one-source-out")
    a = ap.parse_args()
    if not CORPUS.is_file() or not UNSEEN.is_file():
        print(f"skipped: {CORPUS} or {UNSEEN} is absent")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    model = TextClassifier(
        Path(a.model_dir) if a.model_dir else resolve_model_dir(ROOT / "models"), threads=1
    )
    if model.lexical is None:
        print("skipped: the model has no lexical half, so no open-set score")
        return 0
    result = evaluate(model, load_policy(a.policy).min_confidence, loso=not a.no_loso)
    print_tables(result)
    (RESULTS / "open_set_eval.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
