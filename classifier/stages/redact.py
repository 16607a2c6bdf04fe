"""Redact: replace each kept finding in the text by its operator's output.

Overlapping findings are resolved first: the strongest (score, then length) wins, and a weaker
finding that overlaps it widens it, so the union of everything detected is always removed.
Operators live in `classifier.policy.operators`; the policy picks one per entity type.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Mapping

from classifier.document import Finding
from classifier.policy.operators import OPERATORS, OperatorContext
from classifier.policy.rules import OperatorSpec

TAG = OperatorSpec("tag")


def resolve_overlaps(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    """Strongest first (score, length, start): a finding that overlaps kept ones replaces them
    by their union, with the attributes of the strongest of them (the earliest kept on a tie).
    The kept spans never overlap, so those a finding meets are one run of the by-start order,
    found by bisect, not a scan of every kept finding per finding; the list inserts still move
    memory (100,000 findings: about 4 s of CPU, 64 times 10,000)."""
    kept = _Disjoint()
    for f in sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start)):
        kept.add(f)
    return kept.in_order()


class _Disjoint:
    """Non-overlapping findings ordered by (start, end), each with the order it was kept in."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []  # non-decreasing too: the spans do not overlap
        self.items: list[tuple[int, Finding]] = []  # (kept order, finding)
        self.count = 0

    def add(self, f: Finding) -> None:
        lo = bisect.bisect_right(self.ends, f.start)  # the first that ends after f starts
        hi = bisect.bisect_left(self.starts, f.end, lo)  # the first that starts at f's end
        hits = self.items[lo:hi]
        if hits:
            _, strongest = max(hits, key=lambda h: (h[1].score, h[1].end - h[1].start, -h[0]))
            start = min(f.start, hits[0][1].start)
            end = max(f.end, hits[-1][1].end)
            f = dataclasses.replace(strongest, start=start, end=end)
            del self.starts[lo:hi], self.ends[lo:hi], self.items[lo:hi]
        at = _insertion_point(self.starts, self.ends, f.start, f.end)
        self.starts.insert(at, f.start)
        self.ends.insert(at, f.end)
        self.items.insert(at, (self.count, f))
        self.count += 1

    def in_order(self) -> list[Finding]:
        """By start, the earlier kept first among equal starts."""
        return [f for _, f in sorted(self.items, key=lambda h: (h[1].start, h[0]))]


def _insertion_point(starts: list[int], ends: list[int], start: int, end: int) -> int:
    """Where (start, end) goes in the (start, end) order."""
    at = bisect.bisect_left(starts, start)
    while at < len(starts) and starts[at] == start and ends[at] <= end:
        at += 1
    return at


def operator_outputs(
    text: str,
    findings: list[Finding],
    operators: Mapping[str, OperatorSpec],
    context: OperatorContext | None = None,
) -> list[str]:
    """Each finding's replacement, in the order given (computed once: encrypt is random)."""
    context = context or OperatorContext(b"", b"", "")
    outputs = []
    for f in findings:
        spec = operators.get(f.entity_type, TAG)
        outputs.append(OPERATORS[spec.name](text[f.start : f.end], f, spec, context))
    return outputs


def splice(text: str, findings: list[Finding], outputs: list[str]) -> str:
    """`text` with each (non-overlapping) finding replaced by its output."""
    parts, cursor = [], 0
    for f, output in sorted(zip(findings, outputs, strict=True), key=lambda p: p[0].start):
        parts += [text[cursor : f.start], output]
        cursor = f.end
    parts.append(text[cursor:])
    return "".join(parts)


def redact_text(
    text: str,
    findings: list[Finding],
    operators: Mapping[str, OperatorSpec],
    context: OperatorContext | None = None,
) -> str:
    """`findings` must not overlap (see resolve_overlaps); they are replaced in text order."""
    findings = sorted(findings, key=lambda f: f.start)
    return splice(text, findings, operator_outputs(text, findings, operators, context))
