"""Every detected value is also found wherever else it occurs verbatim, and each part of a
multi-word name, so a surname-only mention is found too."""

from __future__ import annotations

import re
from collections.abc import Iterator

from classifier.detection.names import COMMON_WORDS
from classifier.detection.spans import held_at, strongest_per_span
from classifier.document import Finding

PROPAGATED = "propagated"  # the recognizer name of a copy
MIN_PROPAGATED_CHARS = 4
LEAK_CHARS = 6  # a value this long is redacted even inside a longer word


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what `\w` matches in a str pattern


def occurrences(value: str, text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of `value` in `text`, left to right, not overlapping:
    word-bounded for short values; anywhere for values of LEAK_CHARS or more, since such a
    value inside a longer word ("Vagina" in "Vaginal") is still readable. (A string search:
    a regular expression per value was compiled for every document.)"""
    bounded = len(value) < LEAK_CHARS
    at = text.find(value)
    while at != -1 and value:
        end = at + len(value)
        if bounded and (
            (at > 0 and _word_char(text[at - 1])) or (end < len(text) and _word_char(text[end]))
        ):
            at = text.find(value, at + 1)
            continue
        yield at, end
        at = text.find(value, end)


def _values(text: str, findings: list[Finding]) -> dict[str, Finding]:
    """Each value to look for, with the strongest finding that holds it."""
    by_value: dict[str, Finding] = {}
    for f in sorted(findings, key=lambda f: -f.score):
        value = text[f.start : f.end]
        if len(value.strip()) >= MIN_PROPAGATED_CHARS:
            by_value.setdefault(value, f)
        if f.entity_type == "PERSON":
            for part in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", value):
                if part.lower() not in COMMON_WORDS:
                    by_value.setdefault(part, f)
    return by_value


def propagate(text: str, findings: list[Finding]) -> list[Finding]:
    """Add a finding for every other verbatim occurrence of a detected value, unless a finding
    at least as strong already holds it (a weak one may fall under the policy's threshold)."""
    seen: set[tuple[int, int]] = set()
    held = held_at(findings)
    extra = []
    for value, f in _values(text, findings).items():
        for start, end in occurrences(value, text):
            if (start, end) not in seen and not held(start, end, f.score):
                seen.add((start, end))
                extra.append(Finding(start, end, f.entity_type, f.score, PROPAGATED))
    return strongest_per_span(findings + extra)
