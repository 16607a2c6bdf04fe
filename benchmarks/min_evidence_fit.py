#!/usr/bin/env python3
"""Fits the minimum-evidence rule (classifier/ml/evidence.py) on the calibration slice: the
setting `min_known_words` is the value this prints, not one set by hand.

The shipped lexical model was refitted on fit + calibration, so the served model is optimistic
on the calibration slice. As the energy rule's threshold was, the minimum is fitted on
out-of-sample scores: a lexical model trained on the fit slice (benchmarks/open_set_eval.py)
scores the in-scope calibration documents, its energy rule (fitted there by the same budget)
and its out_of_scope predictions flag the ones already sent to review, and
`fit_min_known_words` returns the highest minimum of distinct known words (counted with the
shipped vocabulary) at which the review share of all of them stays within the 3% budget at its
95% upper bound. Nothing of the reporting slice or of unseen_kinds_dev is read.

usage: .venv-dev/bin/python benchmarks/min_evidence_fit.py [--model-dir models/NAME]
Exits 1 when the fitted minimum differs from the setting's default.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_slices import benchmark_parser, data_missing, model_dir  # noqa: E402
from open_set_eval import OOS, arrays, calibration_logits  # noqa: E402

from classifier.ml.evidence import fit_min_known_words, known_words  # noqa: E402
from classifier.ml.open_set import OpenSet, upper_bound  # noqa: E402
from classifier.ml.text_classifier import TextClassifier  # noqa: E402
from classifier.settings import DEFAULTS  # noqa: E402


def main() -> int:
    a = benchmark_parser(__doc__).parse_args()
    if data_missing():
        return 0
    model = TextClassifier(model_dir(a.model_dir), threads=1, min_known_words=0)
    assert model.lexical is not None, "the rule needs the model's lexical half"
    cache = arrays(model)
    names = [lab.name for lab in model.labels[: model.base_labels]]
    logits, calib = calibration_logits(cache, cache["slice"] != "unseen", names)
    predicted_oos = np.array(names)[logits.argmax(axis=1)] == OOS
    rule = OpenSet.fit(logits, names, predicted_oos)
    flagged = predicted_oos | (rule.scores(logits, names) < rule.threshold)
    texts = [r["text"] for r, keep in zip(cache["rows"], calib, strict=True) if keep]
    counts = np.array([known_words(model.lexical.vocabulary, t) for t in texts])
    minimum = fit_min_known_words(counts, flagged)
    held = flagged | (counts < minimum)
    print(
        f"{model.version}: {len(texts)} in-scope calibration documents, {int(flagged.sum())}"
        f" already sent to review (out-of-sample energy rule, threshold {rule.threshold});"
        f" fewest known words {int(counts.min())}, 1st percentile {np.percentile(counts, 1):.1f};"
        f" fitted min_known_words {minimum} (documents under it: {int((counts < minimum).sum())});"
        f" setting default {DEFAULTS['min_known_words']}; in-scope calibration review"
        f" {flagged.mean():.2%} -> {held.mean():.2%}"
        f" (95% upper bound {upper_bound(int(held.sum()), len(held)):.2%})"
    )
    return 0 if minimum == DEFAULTS["min_known_words"] else 1


if __name__ == "__main__":
    sys.exit(main())
