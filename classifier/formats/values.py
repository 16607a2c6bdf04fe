"""Value replacement for the formats that are markup (DOCX, HTML, e-mail): every occurrence
of a redacted value becomes its operator's output, longest value first."""

from __future__ import annotations

from collections.abc import Sequence

from classifier.document import Finding


def value_pairs(
    text: str, findings: Sequence[Finding], replacements: Sequence[str]
) -> list[tuple[str, str]]:
    """(value, replacement) pairs, longest value first; one replacement per value. A finding
    over several lines (paragraphs, attribute values) gives one value per line: in the
    markup those lines are apart, so only each on its own can be found there."""
    chosen: dict[str, str] = {}
    for f, replacement in zip(findings, replacements, strict=True):
        for piece in text[f.start : f.end].split("\n"):
            if len("".join(piece.split())) >= 2:  # one character alone is not searched
                chosen.setdefault(piece.strip(), replacement)
    return sorted(chosen.items(), key=lambda pair: len(pair[0]), reverse=True)


def replace_all(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for value, replacement in pairs:
        text = text.replace(value, replacement)
    return text


def occurrences(text: str, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of every non-overlapping occurrence, right to left."""
    taken: list[tuple[int, int, str]] = []
    for value, replacement in pairs:
        start = text.find(value)
        while start != -1:
            end = start + len(value)
            if not any(a < end and start < b for a, b, _ in taken):
                taken.append((start, end, replacement))
            start = text.find(value, end)
    return sorted(taken, reverse=True)


def replace_across(texts: Sequence[str], pairs: Sequence[tuple[str, str]]) -> list[str]:
    """`texts` are pieces read as one text (formatting runs, HTML text nodes): every
    occurrence of a value, also one split over pieces, becomes its replacement, written into
    the first piece it touches and cut from the others."""
    result = list(texts)
    starts, pos = [], 0
    for t in result:
        starts.append(pos)
        pos += len(t)
    for a, b, replacement in occurrences("".join(result), pairs):  # right to left
        first = True
        for i, original in enumerate(texts):
            s, e = starts[i], starts[i] + len(original)
            if e <= a or b <= s:
                continue
            lo, hi = max(a, s) - s, min(b, e) - s
            result[i] = result[i][:lo] + (replacement if first else "") + result[i][hi:]
            first = False
    return result
