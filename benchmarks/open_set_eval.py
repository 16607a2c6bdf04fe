#!/usr/bin/env python3
"""Open-set recognition: how often a document of a kind the model never saw goes to
`out_of_scope` or `review`, and how often an in-scope document is sent to review.

1. The shipped model (with and without its open-set rule, classifier/ml/open_set.py) on the
   validation split of ../shared/data/corpus/documents.jsonl, per source: in-scope documents
   sent to review (label out_of_scope or confidence under the policy's review.min_confidence);
   20 Newsgroups documents sent to out_of_scope or review.
2. Leave-one-source-out for the open-set score: the lexical model refitted (same vocabulary,
   same settings as classifier/training/lexical.py) without one source at a time, the
   threshold set at the 2nd percentile of the score over the remaining sources' in-scope
   validation documents; the rate at which the left-out source's validation documents fall
   below it (or are predicted out_of_scope). The lexical energy (logsumexp of the logits) is
   compared with the max-softmax of the same refitted model.
3. Reported once, never tuned on: ../shared/data/corpus/unseen_kinds_dev.jsonl (documentation
   pages), for the shipped model with and without the rule and a TF-IDF + LR baseline.

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
UNSEEN = ROOT.parent / "shared" / "data" / "corpus" / "unseen_kinds_dev.jsonl"
sys.path.insert(0, str(ROOT))

from classifier_eval import CORPUS, RESULTS, _split, baseline  # noqa: E402

from classifier.document import Classification  # noqa: E402
from classifier.ml.lexical_model import LexicalModel  # noqa: E402
from classifier.ml.open_set import energy  # noqa: E402
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir  # noqa: E402
from classifier.policy.rules import load_policy  # noqa: E402

OOS = "out_of_scope"
LOSO_PERCENTILE = 2.0


def _rate(flags: list[bool]) -> float:
    return round(float(sum(flags)) / len(flags), 4) if flags else float("nan")


def _flagged(c: Classification, min_confidence: float, with_rule: bool) -> bool:
    """Sent to out_of_scope or review, with or without the open-set rule."""
    far = with_rule and c.open_set is not None
    return far or c.label == OOS or c.confidence < min_confidence


def shipped_rates(
    model: TextClassifier, rows: list[dict[str, Any]], min_confidence: float
) -> dict[str, dict[str, float]]:
    """Per source: the share sent to out_of_scope or review, with and without the rule."""
    results = [
        c
        for i in range(0, len(rows), 16)
        for c in model.classify_batch([r["text"] for r in rows[i : i + 16]])
    ]
    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for r, c in zip(rows, results, strict=True):
        flags = (_flagged(c, min_confidence, True), _flagged(c, min_confidence, False))
        groups[r["source"]].append(flags)
        groups["in-scope (all)" if r["label"] != OOS else "out_of_scope (all)"].append(flags)
    return {
        source: {
            "documents": len(flags),
            "with_open_set": _rate([f[0] for f in flags]),
            "without": _rate([f[1] for f in flags]),
        }
        for source, flags in sorted(groups.items())
    }


def _tfidf(lexical: LexicalModel, texts: list[str]) -> Any:
    from scipy.sparse import csr_matrix

    indices, values, indptr = [], [], [0]
    for text in texts:
        index, value = lexical.features(text)
        indices.append(index)
        values.append(value)
        indptr.append(indptr[-1] + len(index))
    shape = (len(texts), len(lexical.vocabulary))
    return csr_matrix(
        (np.concatenate(values), np.concatenate(indices), np.array(indptr)), shape=shape
    )


def leave_one_source_out(
    lexical: LexicalModel, train: list[dict[str, Any]], val: list[dict[str, Any]]
) -> dict[str, dict[str, float]]:
    from scipy.special import softmax
    from sklearn.linear_model import LogisticRegression

    x_train, x_val = (
        _tfidf(lexical, [r["text"] for r in train]),
        _tfidf(lexical, [r["text"] for r in val]),
    )
    train_src = np.array([r["source"] for r in train])
    val_src = np.array([r["source"] for r in val])
    in_scope = np.array([r["label"] != OOS for r in val])
    y = np.array([r["label"] for r in train])
    out = {}
    for source in sorted(set(train_src)):
        keep = train_src != source
        lr = LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced")
        lr.fit(x_train[keep], y[keep])
        logits = lr.decision_function(x_val)
        predicted_oos = lr.classes_[logits.argmax(axis=1)] == OOS
        held, rest = val_src == source, in_scope & (val_src != source)
        row: dict[str, float] = {"documents": int(held.sum())}
        for name, score in (("energy", energy(logits)), ("max_softmax", softmax(logits, 1).max(1))):
            threshold = np.percentile(score[rest], LOSO_PERCENTILE)
            row[name] = _rate(list(((score < threshold) | predicted_oos)[held]))
        out[source] = row
        print(f"  left out {source:<16} {row}", flush=True)
    return out


def baseline_rates(
    train: list[dict[str, Any]], val: list[dict[str, Any]], unseen: list[dict[str, Any]]
) -> dict[str, float]:
    preds = baseline(train, val + unseen)
    flags = [p["label"] == OOS for p in preds]
    n = len(val)
    return {
        "in-scope (all)": _rate([f for f, r in zip(flags, val, strict=False) if r["label"] != OOS]),
        "unseen_kinds_dev": _rate(flags[n:]),
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", default="", help="default: the model models/ACTIVE names")
    ap.add_argument("--policy", default=str(ROOT / "policies" / "default.yaml"))
    a = ap.parse_args()
    if not CORPUS.is_file() or not UNSEEN.is_file():
        print(f"skipped: {CORPUS} or {UNSEEN} is absent")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    model = TextClassifier(
        Path(a.model_dir) if a.model_dir else resolve_model_dir(ROOT / "models"), threads=2
    )
    if model.lexical is None:
        print("skipped: the model has no lexical half, so no open-set score")
        return 0
    min_confidence = load_policy(a.policy).min_confidence
    train, val = _split()
    unseen = [json.loads(line) for line in UNSEEN.open(encoding="utf-8")]
    print("leave-one-source-out (lexical model refitted without the source):")
    loso = leave_one_source_out(model.lexical, train, val)
    rates = shipped_rates(model, val, min_confidence)
    rates["unseen_kinds_dev (report only)"] = shipped_rates(model, unseen, min_confidence)[
        "out_of_scope (all)"
    ]
    base = baseline_rates(train, val, unseen)
    print(f"\n{model.version}, threshold {model.open_set}: share to out_of_scope or review")
    print(f"{'source':<34}{'docs':>6}{'open set':>10}{'without':>10}")
    for source, r in rates.items():
        print(f"{source:<34}{r['documents']:>6}{r['with_open_set']:>10}{r['without']:>10}")
    print(f"TF-IDF + LR baseline: {base}")
    print(f"\n{'left-out source':<34}{'docs':>6}{'energy':>10}{'max-softmax':>12}")
    for source, r in loso.items():
        print(f"{source:<34}{r['documents']:>6}{r['energy']:>10}{r['max_softmax']:>12}")
    row = {
        "model": model.version,
        "open_set": model.open_set.__dict__ if model.open_set else None,
        "min_confidence": min_confidence,
        "shipped": rates,
        "tfidf_baseline": base,
        "leave_one_source_out": loso,
    }
    (RESULTS / "open_set_eval.json").write_text(json.dumps(row, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
