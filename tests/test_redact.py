from __future__ import annotations

import pytest

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
