"""Every detected value is also found wherever else it occurs verbatim, and each part of a
multi-word name, so a surname-only mention is found too."""

from __future__ import annotations

import re

from classifier.detection.names import COMMON_WORDS
from classifier.detection.spans import held_at, strongest_per_span
from classifier.document import Finding

PROPAGATED = "propagated"  # the recognizer name of a copy
MIN_PROPAGATED_CHARS = 4
LEAK_CHARS = 6  # a value this long is redacted even inside a longer word


def occurrences(value: str) -> re.Pattern[str]:
    """Word-bounded for short values; anywhere for values of LEAK_CHARS or more, since such a
    value inside a longer word ("Vagina" in "Vaginal") is still readable."""
    if len(value) >= LEAK_CHARS:
        return re.compile(re.escape(value))
    return re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")


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
        for m in occurrences(value).finditer(text):
            if (m.start(), m.end()) not in seen and not held(m.start(), m.end(), f.score):
                seen.add((m.start(), m.end()))
                extra.append(Finding(m.start(), m.end(), f.entity_type, f.score, PROPAGATED))
    return strongest_per_span(findings + extra)
