"""Review decisions: apply a reviewer's corrections to a held result.

A reviewer may correct the label, remove findings (by their offsets) and add missed spans;
then release (the redacted text is produced again from the original text with the corrected
findings and the operators the policy gives the corrected label) or block. `Pipeline.review`
applies and audits a decision (a failure quarantines the document, as in processing); the
document service stores the outcome and keeps corrections as labelled examples (`as_example`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from classifier.document import Finding
from classifier.errors import ReviewError
from classifier.formats.layout import Region
from classifier.policy.operators import OperatorContext
from classifier.policy.rules import Policy
from classifier.service import drawn as drawn_boxes
from classifier.stages import redact

DECISIONS = ("release", "block")
REASON_CHARS = 500
REVIEWER_SCORE = 1.0


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity_type: str = ""

    @classmethod
    def parse(cls, raw: Any, text_length: int, types: tuple[str, ...] | None) -> Span:
        """`types`: the entity types an added span may have (None: a span to remove)."""
        if not isinstance(raw, dict):
            raise ReviewError("a span is an object with start, end and entity_type")
        start, end, entity_type = raw.get("start"), raw.get("end"), raw.get("entity_type", "")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end:
            raise ReviewError("span start and end must be integers with 0 <= start < end")
        if end > text_length:
            raise ReviewError(f"span end {end} is past the end of the text ({text_length})")
        if types is not None and entity_type not in types:
            raise ReviewError("entity_type must be one of the policy's entity types")
        return cls(start, end, str(entity_type))


@dataclass(frozen=True)
class ReviewRequest:
    decision: str
    label: str | None
    added: tuple[Span, ...]
    removed: tuple[Span, ...]
    reason: str = ""  # why (required to block); kept in the store, never in the audit trail
    drawn: tuple[drawn_boxes.Drawn, ...] = ()  # boxes drawn on the pages (service/drawn.py)

    @classmethod
    def parse(
        cls,
        body: Any,
        text_length: int,
        labels: dict[str, str],
        entity_types: tuple[str, ...],
    ) -> ReviewRequest:
        if not isinstance(body, dict):
            raise ReviewError("the body is a JSON object")
        decision = body.get("decision")
        if decision not in DECISIONS:
            raise ReviewError(f"decision must be one of {', '.join(DECISIONS)}")
        label = body.get("label")
        if label is not None and label not in labels:
            raise ReviewError(f"unknown label; one of {', '.join(sorted(labels))}")
        reason = body.get("reason", "")
        if not isinstance(reason, str) or len(reason) > REASON_CHARS:
            raise ReviewError(f"reason is text of at most {REASON_CHARS} characters")
        if decision == "block" and not reason.strip():
            raise ReviewError("a block needs a reason")
        added, removed = body.get("add", []), body.get("remove", [])
        if not isinstance(added, list) or not isinstance(removed, list):
            raise ReviewError("add and remove are lists of spans")
        return cls(
            decision,
            label,
            tuple(Span.parse(s, text_length, entity_types) for s in added),
            tuple(Span.parse(s, text_length, None) for s in removed),
            reason,
            drawn_boxes.parse_all(body.get("draw"), entity_types),
        )

    def with_placed(self, placed: drawn_boxes.Placed) -> ReviewRequest:
        """The drawn boxes that lie over text, added as spans."""
        spans = tuple(Span(a, b, t) for a, b, t in placed.spans)
        return replace(self, added=self.added + spans)

    @property
    def spared(self) -> tuple[tuple[int, int], ...]:
        """The removed findings' ranges: never redacted as another value's occurrence."""
        return tuple((s.start, s.end) for s in self.removed)


@dataclass(frozen=True)
class Reviewed:
    label: str
    domain: str
    findings: tuple[Finding, ...]
    redacted_text: str
    removed: int
    added: int
    replacements: tuple[str, ...] = ()  # each finding's operator output, in findings' order


@dataclass(frozen=True)
class Decided:
    """A review decision applied: the original's text, the decision, the corrections."""

    text: str
    decision: str
    reviewed: Reviewed
    rendered: tuple[bytes, str] | None = None  # released: the document in its own format
    reason: str = ""  # the reviewer's reason (required to block)
    regions: tuple[Region, ...] = ()  # drawn boxes with no text under them, painted over
    drawn: int = 0  # boxes the reviewer drew (over text or not)
    locations: tuple[dict[str, Any], ...] = ()  # the corrected findings' pages and boxes

    @property
    def released(self) -> bool:
        return self.decision == "release"

    @property
    def redacted_text(self) -> str:
        """What the requester may read: the redacted text if released, nothing if blocked."""
        return self.reviewed.redacted_text if self.released else ""


def apply(
    request: ReviewRequest,
    result: dict[str, Any],
    text: str,
    policy: Policy,
    labels: dict[str, str],
    context: OperatorContext,
) -> Reviewed:
    """The corrected findings and redacted text for `result` (a stored `Result.as_dict()`)."""
    label = request.label or result["label"]
    domain = labels.get(label, result.get("domain", ""))
    drop = {(s.start, s.end) for s in request.removed}
    kept = [
        Finding(f["start"], f["end"], f["entity_type"], float(f["score"]))
        for f in result["findings"]
        if (f["start"], f["end"]) not in drop
    ]
    removed = len(result["findings"]) - len(kept)
    if len(drop) != removed:
        raise ReviewError("a span to remove matches no finding")
    kept += [
        Finding(s.start, s.end, s.entity_type, REVIEWER_SCORE, "reviewer") for s in request.added
    ]
    findings = tuple(redact.resolve_overlaps(kept))
    rule = policy.first_rule(label, domain)
    operators = {f.entity_type: policy.operator_for(f.entity_type, rule) for f in findings}
    outputs = redact.operator_outputs(text, list(findings), operators, context)
    redacted_text = redact.splice(text, list(findings), outputs)
    return Reviewed(
        label, domain, findings, redacted_text, removed, len(request.added), tuple(outputs)
    )


def as_example(doc_id: str, text: str, reviewed: Reviewed) -> dict[str, Any]:
    """One line of a `classifier train --data` JSONL (text, label, domain), plus the spans."""
    return {
        "id": f"review-{doc_id}",
        "text": text,
        "label": reviewed.label,
        "domain": reviewed.domain,
        "entities": [f.as_dict() for f in reviewed.findings],
    }
