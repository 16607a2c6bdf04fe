"""No pattern of the detector backtracks without bound (ReDoS): every recognizer the one-pass
engine runs, over texts made to split many ways (long runs of dashes, `a-a-a...`, initials,
digits and separators). A line of dashes under a heading once cost the facility pattern 12.8 s
on an 8,000-character documentation page and minutes on a line of 300 dashes. The engine
reads most of these 4,000-character texts in milliseconds and the worst (a facility word after
2,000 hyphen-joined capitals) in about 1.6 s, so the bound only fails on a pattern that
explodes."""

from __future__ import annotations

import time

import pytest

from classifier.detection.analyzer import tagger_recognizers
from classifier.detection.engine import OnePassEngine

N = 4000
HOSTILE = {
    "dashes": "-" * N,
    "dashes between words": "x " + "-" * N + " y",
    "equals": "=" * N,
    "underscores": "_" * N,
    "dots": "." * N,
    "blanks": " " * N,
    "line breaks": "\n" * N,
    "hyphenated letters": "a-" * (N // 2),
    "hyphenated capitals before a facility": "A-" * (N // 2) + " Hospital",
    "capitals before a facility": "A " * (N // 2) + "hospital",
    "initials": "A. " * (N // 3),
    "capitalised words": "Aa " * (N // 3),
    "digits": "9" * N,
    "digit groups": "1 " * (N // 2),
    "dashed digits": "1-" * (N // 2),
    "dotted digits": "1." * (N // 2),
    "slashed digits": "1/" * (N // 2),
    "plus and digits": "+1 " * (N // 3),
    "brackets": "(" * N,
    "commas": "a," * (N // 2),
    "at signs": "a@" * (N // 2),
    "saints": "St. " * (N // 4),
    "labels": "SSN: " * (N // 5),
    "label and blanks": "Phone:" + " " * N + "1",
}
SECONDS = 10.0  # a quadratic pattern on the worst text here: 1.6 s; a cubic one: minutes


@pytest.fixture(scope="module")
def engine() -> OnePassEngine:
    engine = OnePassEngine(tagger_recognizers())
    engine.analyze("warm up: St. Ives Hospital, 617-555-0199, SSN: 078-05-1120")
    return engine


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_no_pattern_backtracks_without_bound(engine: OnePassEngine, name: str) -> None:
    started = time.perf_counter()
    engine.analyze(HOSTILE[name])
    assert time.perf_counter() - started < SECONDS, name
