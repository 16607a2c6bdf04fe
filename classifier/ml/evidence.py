"""The minimum-evidence rule: a text with too few words the lexical model knows is too little
to classify, and goes to review.

The open-set score (classifier/ml/open_set.py) is the energy of an L2-normalised TF-IDF vector:
it says which way a text's words point, not how many there are. A one-line text of a few
news-wire words ("budget approved, revenue up 4 pct") points straight at news_wire and scores
like a whole Reuters story, so the energy rule releases it at 0.99. Every in-scope document of
the corpus has dozens of distinct words the lexical model knows; a one-liner, a heading, an
empty page or a text in another script has a handful.

The evidence of a text is the number of distinct words (the lexical model's tokens, over its
first LEXICAL_CHARS) in the lexical model's vocabulary. A document with fewer than the setting
`min_known_words` is held for review with rule EVIDENCE_RULE; its label, domain and confidence
stay those of the nearest class, as with the energy rule, and the energy rule's reason wins when
both hold. The minimum is fitted by code, not set by hand: benchmarks/min_evidence_fit.py takes
the in-scope calibration documents, counts those the served model already sends to review, and
`fit_min_known_words` returns the highest minimum that keeps the total review share within
REVIEW_BUDGET at its 95% upper bound (the energy rule has spent most of it, so the minimum is
about the fewest known words any in-scope calibration document has). 0 turns the rule off.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from classifier.ml.lexical_model import LEXICAL_CHARS, TOKEN
from classifier.ml.open_set import budget_threshold

EVIDENCE_RULE = "open-set:too-little-evidence"
EVIDENCE_METHOD = "known_words"


def known_words(vocabulary: dict[str, int], text: str, enough: int = 0) -> int:
    """The number of distinct words of `text` the lexical model knows; with `enough`, the
    count stops there (a long document is not read to its end to pass a minimum)."""
    seen: set[str] = set()
    for match in TOKEN.finditer(text[:LEXICAL_CHARS].lower()):
        if match.group() in vocabulary:
            seen.add(match.group())
            if len(seen) == enough:
                break
    return len(seen)


def fit_min_known_words(counts: np.ndarray, flagged: np.ndarray) -> int:
    """The highest minimum under which the in-scope documents' `counts`, with the `flagged`
    ones sent to review anyway, keep the review share within REVIEW_BUDGET at its 95% upper
    bound (classifier/ml/open_set.py: budget_threshold)."""
    counts = np.asarray(counts, dtype=np.float64)
    return math.floor(budget_threshold(counts[~flagged], int(flagged.sum())))


def evidence_reason(count: int, minimum: int, nearest: str) -> dict[str, Any] | None:
    """Why the document is too little to classify, or None when it has enough known words."""
    if count >= minimum:
        return None
    return {
        "score": count,
        "threshold": minimum,
        "method": EVIDENCE_METHOD,
        "nearest": nearest,
        "rule": EVIDENCE_RULE,
    }
