"""Anchored pattern runs (classifier/detection/anchors.py): every pattern the one-pass engine
runs gives, tried only where its matches can start, exactly finditer's matches."""

from __future__ import annotations

import json
import random
import re
from typing import Any

import pytest
import regex

from classifier.detection import anchors, prefilter
from classifier.detection.analyzer import tagger_recognizers
from classifier.detection.engine import OnePassEngine, PatternRun, compiled_pattern
from classifier.detection.recognizers import labelled_identifier
from tests.test_detection_engine import TEXTS
from tests.test_detection_nlp_engine import SENTENCES

FIXTURE = "tests/fixtures/tiny_corpus.jsonl"
LABELS = (
    "MRN: 00482913; mr # 1234567; medical record no. 7654321; chart #: 55512; Dr. Ann Lee, "
    "Drs. Kim and Park; daughter Mary; nurse Jo; attending Dr Smith; member ID: XK1234567; "
    "serial no. AB-12345; S/N 998877; plate ABC 123; license # 12345; case no. 21-cv-3; "
    "admitted to Mercy Hospital; hospital in Boston; works at Acme; age 97; aged: 101; "
    "routing # 011000015; acct. no. 12345678; card number: 4111 1111 1111 1111; EIN: 12-34; "
    "swift: DEUTDEFF; bic code DEUTDEFF500; Tel: 020 7946 0958; fax 617.555.0199; "
    "in 1998, since 2001, born 1921; Jan 3, 2020; 3rd of March; apt 4B; suite #12; "
    "MA 02115; CA 90210-1234; www.example.org; http://a.b/c; P.O. Box 12; 25/12/2020"
)


def _texts() -> list[str]:
    with open(FIXTURE, encoding="utf-8") as f:
        corpus = [json.loads(line)["text"] for line in f]
    rng = random.Random(7)
    pieces = LABELS.split("; ")
    shuffled = ["; ".join(rng.sample(pieces, len(pieces))) for _ in range(20)]
    texts = [*TEXTS, *SENTENCES, LABELS, LABELS.upper(), LABELS.replace(" ", "\n"), *shuffled]
    return texts + corpus + [t.replace(" ", "  ") for t in texts]


@pytest.fixture(scope="module")
def patterns() -> list[Any]:
    """Every compiled pattern the one-pass engine runs, and the labelled identifiers'."""
    engine = OnePassEngine(tagger_recognizers())
    runs = [r for r in engine._runs if isinstance(r, PatternRun)]
    ours = [compiled_pattern(pattern, run.flags) for run in runs for _, pattern, _ in run.patterns]
    return ours + list(labelled_identifier._patterns().values())


def test_anchored_runs_find_what_finditer_finds(patterns, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(anchors, "COST_RATIO", 0)  # always anchored where a pattern can be
    texts = _texts()
    anchored = compared = 0
    for found in patterns:
        engine = re if isinstance(found, re.Pattern) else regex
        if anchors.anchor(found.pattern, found.flags & anchors._FLAGS, engine) is None:
            continue
        anchored += 1
        for text in texts:
            expected = [m.span() for m in found.finditer(text)]
            got = [m.span() for m in anchors.finditer(found, text, prefilter.folded(text))]
            assert got == expected, found.pattern
            compared += len(expected)
    assert anchored >= 40
    assert compared >= 150


def test_anchor_kinds(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(anchors, "COST_RATIO", 0)
    start = anchors.anchor(r"\b(?:jan(?:uary)?|feb)\b", re.I)
    assert start is not None and start.literals == {"jan", "feb"} and start.reach is None
    after = anchors.anchor(r"(?<=\b(?:mrn|chart)\s*#?[:]{0,2})\d+", re.I, regex)
    assert after is not None and after.literals == {"mrn", "chart"} and after.digit_first
    text = "x MRN   #: 123 and chart 9"
    ranges = anchors.starts(after, text, prefilter.folded(text))
    assert ranges == [(11, 11), (12, 12), (13, 13), (25, 25)]  # the digits in reach
    assert anchors.anchor(r"\d*", 0) is None  # can match the empty string
    assert anchors.anchor(r"\d{9}", 0) is None  # no literal, nor a word's start
    digits = anchors.anchor(r"\b(?:[0-9]{3}|\d{5})\b", 0)
    assert digits is not None and digits.word_digits
    shared: dict[str, object] = {}
    assert anchors.starts(digits, "a 12 b3 45", "a 12 b3 45", shared) == [(2, 2), (8, 8)]
    assert "word digits" in shared  # found once for all of a text's patterns
    assert anchors.anchor(r"(?<=\b(?:a|b)(?:\w\w)+)\d", 0) is None  # unbounded lookbehind


def test_too_many_candidates_scan_the_text() -> None:
    anchor = anchors.anchor(r"\bab", 0)
    assert anchor is not None
    text = "ab " * 100
    assert anchors.starts(anchor, text, text) is None
    assert anchors.starts(anchor, text + "x" * 10_000, text + "x" * 10_000) is not None


def test_digits_are_the_engines_own(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The `regex` module knows digits `re` does not (Garay, U+10D40): a pattern it compiles
    is tried at its own digits."""
    monkeypatch.setattr(anchors, "COST_RATIO", 0)
    found = regex.compile(r"(?<=\bmrn\s*)\d+", regex.I)
    text = "MRN \U00010d40\U00010d41 and mrn 12"
    assert re.match(r"\d", "\U00010d40") is None and found.search(text) is not None
    expected = [m.span() for m in found.finditer(text)]
    got = [m.span() for m in anchors.finditer(found, text, prefilter.folded(text))]
    assert got == expected and len(got) == 2
