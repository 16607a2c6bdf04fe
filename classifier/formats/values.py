"""Value replacement for the formats that are markup (DOCX, HTML, e-mail): every occurrence
of a redacted value becomes its operator's output, longest value first."""

from __future__ import annotations

from collections.abc import Sequence

from classifier.document import Finding
from classifier.formats.layout import redacted_values


def value_pairs(
    text: str, findings: Sequence[Finding], replacements: Sequence[str]
) -> list[tuple[str, str]]:
    """(value, replacement) pairs, longest value first; one replacement per value."""
    chosen: dict[str, str] = {}
    for f, replacement in zip(findings, replacements, strict=True):
        chosen.setdefault(text[f.start : f.end].strip(), replacement)
    return [(v, chosen[v]) for v in redacted_values(text, findings)]


def replace_all(text: str, pairs: Sequence[tuple[str, str]]) -> str:
    for value, replacement in pairs:
        text = text.replace(value, replacement)
    return text
