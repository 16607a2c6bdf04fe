from __future__ import annotations

import dataclasses
import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifier.document import Finding
from classifier.stages.redact import redact_text, resolve_overlaps


def F(start: int, end: int, kind: str, score: float) -> Finding:
    return Finding(start, end, kind, score)


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], []),
        ([F(0, 4, "A", 0.5)], [F(0, 4, "A", 0.5)]),
        # the stronger wins and widens to the union of what overlapped it
        ([F(0, 10, "EMAIL", 1.0), F(0, 4, "URL", 0.5)], [F(0, 10, "EMAIL", 1.0)]),
        ([F(2, 10, "EMAIL", 1.0), F(0, 4, "ORG", 0.85)], [F(0, 10, "EMAIL", 1.0)]),
        # equal scores: the longer wins
        ([F(0, 4, "A", 0.5), F(0, 8, "B", 0.5)], [F(0, 8, "B", 0.5)]),
        # disjoint findings stay apart, in order
        ([F(5, 6, "B", 0.5), F(0, 2, "A", 0.9)], [F(0, 2, "A", 0.9), F(5, 6, "B", 0.5)]),
        # a weak span bridging two strong ones merges all three
        ([F(0, 3, "A", 0.9), F(6, 9, "B", 0.8), F(2, 7, "C", 0.1)], [F(0, 9, "A", 0.9)]),
    ],
)
def test_resolve_overlaps(findings: list[Finding], expected: list[Finding]) -> None:
    got = [(f.start, f.end, f.entity_type, f.score) for f in resolve_overlaps(findings)]
    assert got == [(f.start, f.end, f.entity_type, f.score) for f in expected]


def test_tag_operator() -> None:
    text = "Call Ann at 555-0100 now"
    findings = [F(5, 8, "PERSON", 0.9), F(12, 20, "PHONE_NUMBER", 0.7)]
    assert redact_text(text, findings, {}) == "Call [PERSON] at [PHONE_NUMBER] now"


def test_no_findings_returns_text_unchanged() -> None:
    assert redact_text("nothing here", [], {}) == "nothing here"


def _resolved_by_scanning(findings: list[Finding]) -> list[Finding]:
    """resolve_overlaps as it was, every kept finding looked at per finding (O(n^2)): the
    reference the interval version must equal, ties included."""
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start)):
        hits = [k for k in kept if k.start < f.end and f.start < k.end]
        if not hits:
            kept.append(f)
            continue
        strongest = max(hits, key=lambda k: (k.score, k.end - k.start))
        kept = [k for k in kept if all(k is not h for h in hits)]
        start, end = min([f.start] + [k.start for k in hits]), max([f.end] + [k.end for k in hits])
        kept.append(dataclasses.replace(strongest, start=start, end=end))
    return sorted(kept, key=lambda f: f.start)


_spans = st.tuples(
    st.integers(0, 60), st.integers(1, 12), st.sampled_from("ABC"), st.sampled_from([0.3, 0.5, 0.9])
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_spans, max_size=40))
def test_resolve_overlaps_equals_the_scan(spans: list[tuple[int, int, str, float]]) -> None:
    findings = [
        Finding(s, s + n, kind, score, f"r{i}") for i, (s, n, kind, score) in enumerate(spans)
    ]
    assert resolve_overlaps(findings) == _resolved_by_scanning(findings)


def test_resolve_overlaps_is_not_quadratic() -> None:
    """100,000 findings (a 7 MB text has about that many) in seconds, not minutes: the list
    inserts move memory (about 4 s of CPU on a loaded 2-core machine, 64 times 10,000 findings),
    a scan of every kept finding per finding would take hours. A generous bound: timing noise
    must not fail it (5 s once did, with another job running)."""
    findings = [
        Finding(i * 10 + (i % 3), i * 10 + 6 + (i % 5), "A", (i % 7) / 7) for i in range(100_000)
    ]
    started = time.process_time()
    resolved = resolve_overlaps(findings)
    assert time.process_time() - started < 30
    assert all(a.end <= b.start for a, b in itertools.pairwise(resolved))
