"""Redact: replace each kept finding in the text by its operator's output.

Overlapping findings are resolved first: the strongest (score, then length) wins, and a weaker
finding that overlaps it widens it, so the union of everything detected is always removed.
Operators live in `classifier.policy.operators`; the policy picks one per entity type.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from classifier.document import Finding
from classifier.policy.operators import OPERATORS, OperatorContext
from classifier.policy.rules import OperatorSpec

TAG = OperatorSpec("tag")


def resolve_overlaps(findings: list[Finding] | tuple[Finding, ...]) -> list[Finding]:
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-f.score, -(f.end - f.start), f.start)):
        hits = [k for k in kept if k.start < f.end and f.start < k.end]
        if not hits:
            kept.append(f)
            continue
        strongest = max(hits, key=lambda k: (k.score, k.end - k.start))
        for k in hits:
            kept.remove(k)
        start = min([f.start] + [k.start for k in hits])
        end = max([f.end] + [k.end for k in hits])
        kept.append(dataclasses.replace(strongest, start=start, end=end))
    return sorted(kept, key=lambda f: f.start)


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
