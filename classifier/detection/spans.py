"""Span algebra over findings: ordering by start, overlap and cover questions in O(log n),
nesting and one finding per span."""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from collections.abc import Callable, Iterable

from classifier.document import Finding


def by_start(findings: Iterable[Finding]) -> tuple[list[Finding], list[int], list[int]]:
    """`findings` by start, their starts, and the furthest end reached up to each one."""
    ordered = sorted(findings, key=lambda f: f.start)
    reach = list(itertools.accumulate((f.end for f in ordered), max))
    return ordered, [f.start for f in ordered], reach


def overlap(findings: Iterable[Finding]) -> Callable[[int, int], int]:
    """`overlap(start, end)`: the most characters of the span one of `findings` holds."""
    ordered, starts, reach = by_start(findings)

    def most(start: int, end: int) -> int:
        best, i = 0, bisect.bisect_left(starts, end) - 1  # the last one starting before `end`
        while i >= 0 and reach[i] > start:
            f = ordered[i]
            best = max(best, min(end, f.end) - max(start, f.start))
            i -= 1
        return best

    return most


def covered_by(findings: Iterable[Finding]) -> Callable[[int, int], bool]:
    """`covered(start, end)`: does one finding hold the whole span? O(log n) a question."""
    _, starts, reach = by_start(findings)

    def covered(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return covered


def drop_nested(findings: Iterable[Finding]) -> list[Finding]:
    """Drop a finding inside a longer one of the same type that is at least as sure ("Jones"
    inside "Alice Jones"); a surer one inside stays, so the policy threshold cannot lose it."""
    kept = []
    container: dict[str, Finding] = {}  # per type, the kept finding reaching furthest
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        outer = container.get(f.entity_type)
        if outer is not None and f.end <= outer.end and outer.score >= f.score:
            continue  # a weaker copy inside a stronger, longer finding
        kept.append(f)
        if outer is None or f.end > outer.end:
            container[f.entity_type] = f
    return kept


def strongest_per_span(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per span and type: the strongest."""
    strongest: dict[tuple[int, int, str], Finding] = {}
    for g in findings:
        key = (g.start, g.end, g.entity_type)
        if key not in strongest or g.score > strongest[key].score:
            strongest[key] = g
    return list(strongest.values())


def shifted(findings: Iterable[Finding], offset: int) -> list[Finding]:
    """`findings` of a piece that starts at `offset`, in the whole text's offsets."""
    return [dataclasses.replace(f, start=f.start + offset, end=f.end + offset) for f in findings]
