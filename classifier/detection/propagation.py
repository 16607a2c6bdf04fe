"""Every detected value is also found wherever else it occurs verbatim, and each part of a
multi-word name, so a surname-only mention is found too. A name part of three letters counts
when written as a name ("Ted", not "ted" or "TED": a three-letter word in lower case or capitals
is more often a word or an abbreviation)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from classifier.detection.names import COMMON_WORDS
from classifier.detection.spans import held_at, strongest_per_span
from classifier.document import Finding

PROPAGATED = "propagated"  # the recognizer name of a copy
MIN_PROPAGATED_CHARS = 4
LEAK_CHARS = 6  # a value this long is redacted even inside a longer word
PREFIX = 4  # characters of a value that all_occurrences looks for first
Trie = dict[str, "Trie"]  # a character -> what may follow it ("": a key ends here)


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
        if bounded and not _bounded(text, at, end):
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
            for part in re.findall(r"[A-Za-z][A-Za-z'-]{3,}|\b[A-Z][a-z]{2}\b", value):
                if part.lower() not in COMMON_WORDS:
                    by_value.setdefault(part, f)
    return by_value


def propagate(text: str, findings: list[Finding]) -> list[Finding]:
    """Add a finding for every other verbatim occurrence of a detected value, unless a finding
    at least as strong already holds it (a weak one may fall under the policy's threshold)."""
    held = held_at(findings)
    values = list(_values(text, findings).items())
    extra = []
    for i, start, end in all_occurrences([v for v, _ in values], text):
        f = values[i][1]
        if not held(start, end, f.score):
            extra.append((i, start, Finding(start, end, f.entity_type, f.score, PROPAGATED)))
    extra.sort(key=lambda e: (e[0], e[1]))  # value by value, as one search per value finds them
    return strongest_per_span(findings + [f for _, _, f in extra])


def all_occurrences(values: Sequence[str], text: str) -> Iterator[tuple[int, int, int]]:
    """(index in `values`, start, end) of what `occurrences(value, text)` gives for each value,
    in one pass over the text, not one per value (a long text holds tens of thousands of
    values): one pattern, a trie of the values' first PREFIX characters, finds the places
    where some value may start, and there each value of that prefix is compared."""
    by_prefix: dict[str, list[int]] = {}
    for i, value in enumerate(values):
        if len(value) < PREFIX:
            yield from ((i, s, e) for s, e in occurrences(value, text))
        else:
            by_prefix.setdefault(value[:PREFIX], []).append(i)
    if not by_prefix:
        return
    free_from = [0] * len(values)  # an occurrence of a value ends before the next one starts
    for m in re.finditer(f"(?=({_trie(by_prefix)}))", text):
        at = m.start()
        for i in by_prefix[m.group(1)]:
            value = values[i]
            if at < free_from[i] or not text.startswith(value, at):
                continue
            end = at + len(value)
            if len(value) < LEAK_CHARS and not _bounded(text, at, end):
                continue
            free_from[i] = end
            yield i, at, end


def _bounded(text: str, start: int, end: int) -> bool:
    """No word character just before `start` or at `end`."""
    return not (start > 0 and _word_char(text[start - 1])) and not (
        end < len(text) and _word_char(text[end])
    )


def _trie(keys: Iterable[str]) -> str:
    """A regular expression matching exactly `keys`, as a trie (one branch per character
    where they differ), which `re` runs in a time that does not grow with their number."""
    root: Trie = {}
    for key in keys:
        node = root
        for c in key:
            node = node.setdefault(c, {})
        node[""] = {}

    def pattern(node: Trie) -> str:
        alternatives = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
        if not alternatives:
            return ""
        body = "(?:" + "|".join(alternatives) + ")"
        return body + "?" if "" in node else body

    return pattern(root)
