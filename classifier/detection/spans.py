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


def held_at(findings: Iterable[Finding]) -> Callable[[int, int, float], bool]:
    """`held(start, end, score)`: does one finding scored at least `score` hold the whole
    span? One index for every score (O(log n) and the findings around the span a question)."""
    ordered, starts, _ = by_start(findings)
    longest = max((f.end - f.start for f in ordered), default=0)

    def held(start: int, end: int, score: float) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        while i >= 0 and starts[i] >= start - longest:
            f = ordered[i]
            if f.end >= end and f.score >= score:
                return True
            i -= 1
        return False

    return held


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


Window = tuple[int, int, list[Finding]]  # start, end, the findings in the whole text's offsets


def stitched(text: str, pieces: list[Window]) -> list[Finding]:
    """The findings of overlapping windows as one list. A finding that touches the edge its
    window was cut at may be cut too: it takes the whole words of the text at its ends and
    becomes the union of the findings of its type it overlaps, so a value across an edge is
    one whole finding; copies of one finding from two windows are one."""
    cut: list[Finding] = []
    whole: list[Finding] = []
    for i, (start, end, found) in enumerate(pieces):
        for f in found:
            at_edge = (i > 0 and not text[start : f.start].strip()) or (
                i < len(pieces) - 1 and not text[f.end : end].strip()
            )
            (cut if at_edge else whole).append(_whole_words(text, f) if at_edge else f)
    if not cut:
        return strongest_per_span(whole)
    out: list[Finding] = []
    for entity in {f.entity_type for f in cut}:
        out += _merged_around(
            [f for f in cut if f.entity_type == entity],
            [f for f in whole if f.entity_type == entity],
        )
    kinds = {f.entity_type for f in cut}
    return strongest_per_span(out + [f for f in whole if f.entity_type not in kinds])


def _whole_words(text: str, f: Finding) -> Finding:
    start, end = f.start, f.end
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return dataclasses.replace(f, start=start, end=end)


def _merged_around(cut: list[Finding], whole: list[Finding]) -> list[Finding]:
    """Clusters of overlapping findings of one type: one holding a cut finding becomes their
    union (the surest finding's score and recognizer); the others stay as they are."""
    was_cut = {id(f) for f in cut}
    clusters: list[list[Finding]] = []
    reach = -1
    for f in sorted(cut + whole, key=lambda f: f.start):
        if not clusters or f.start >= reach:
            clusters.append([])
        clusters[-1].append(f)
        reach = max(reach, f.end) if len(clusters[-1]) > 1 else f.end
    out: list[Finding] = []
    for members in clusters:
        if any(id(g) in was_cut for g in members):
            surest = max(members, key=lambda g: g.score)
            end = max(g.end for g in members)
            out.append(dataclasses.replace(surest, start=members[0].start, end=end))
        else:
            out += members
    return out
