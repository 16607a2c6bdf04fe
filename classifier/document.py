"""The small frozen types that flow through the pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from classifier.formats.layout import PageLayout
    from classifier.policy.rules import OperatorSpec, Output


@dataclass(frozen=True)
class Document:
    """A document as received: raw bytes plus where it came from."""

    content: bytes
    filename: str
    media_type: str
    sha256: str
    source: str = "api"
    actor: str = "anonymous"
    parent_sha256: str | None = None
    depth: int = 0  # 0: as received; an attachment is one deeper than what holds it

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass(frozen=True)
class Extracted:
    """Text pulled out of a document, and any child documents (e-mail attachments)."""

    text: str
    pages: int = 1
    children: tuple[Document, ...] = ()
    layout: tuple[PageLayout, ...] = ()  # PDFs and images: where each page's text is drawn


@dataclass(frozen=True)
class Classification:
    label: str
    domain: str
    confidence: float
    scores: dict[str, float] = field(default_factory=dict)
    # set when the open-set rule found the document far from every class (decide: review):
    # score, threshold, method, nearest label, rule id; numbers and names only
    open_set: dict[str, Any] | None = None


@dataclass(frozen=True)
class Finding:
    """A detected entity: offsets index the extracted text, `end` exclusive."""

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str = ""
    # False: the value was taken for its label ("SSN: ...") and its checksum not verified or
    # failed; None: the recognizer says nothing about it
    validated: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "entity_type": self.entity_type,
            "score": round(self.score, 4),
        }
        if self.validated is not None:
            out["validated"] = self.validated
        return out


@dataclass(frozen=True)
class Decision:
    """What the policy says to do with a document."""

    action: str  # redact | review | block | pass
    sensitivity: str  # public | internal | confidential | restricted
    rule_ids: tuple[str, ...]
    findings: tuple[Finding, ...]  # those the policy keeps (score threshold, entity list)
    operators: dict[str, OperatorSpec] = field(default_factory=dict)  # entity type -> operator
    output: Output | None = None  # where the result goes (folder, webhook)
    reasons: tuple[str, ...] = ()  # why, in words (counts and scores, never values)


@dataclass(frozen=True)
class Result:
    """The outcome for one document; `as_record()` is the pinned result schema."""

    id: str
    label: str
    domain: str
    confidence: float
    sensitivity: str
    action: str
    findings: tuple[Finding, ...]
    redacted_text: str
    sha256: str
    filename: str
    media_type: str
    model_version: str
    policy_version: str
    rule_ids: tuple[str, ...] = ()
    children: tuple[Result | Quarantined, ...] = ()
    redacted_content: bytes | None = None  # the redacted document in its own format
    redacted_media_type: str | None = None
    locations: tuple[dict[str, Any], ...] = ()  # per finding: page, and boxes for PDF/images
    open_set: dict[str, Any] | None = None  # Classification.open_set: why held for review

    def as_record(self) -> dict[str, Any]:
        """Exactly the keys of the batch schema."""
        return {
            "id": self.id,
            "label": self.label,
            "domain": self.domain,
            "confidence": round(self.confidence, 4),
            "sensitivity": self.sensitivity,
            "action": self.action,
            "findings": [f.as_dict() for f in self.findings],
            "redacted_text": self.redacted_text,
        }

    def as_dict(self) -> dict[str, Any]:
        """The batch record plus provenance, for the API and `<name>.json` files."""
        return {
            **self.as_record(),
            "status": "processed",
            "sha256": self.sha256,
            "filename": self.filename,
            "media_type": self.media_type,
            "model_version": self.model_version,
            "policy_version": self.policy_version,
            "rule_ids": list(self.rule_ids),
            "children": [c.as_dict() for c in self.children],
            "locations": list(self.locations),
            "redacted_media_type": self.redacted_media_type,
            **({"open_set": self.open_set} if self.open_set is not None else {}),
        }


@dataclass(frozen=True)
class Quarantined:
    """A document that could not be processed, and why (never its content)."""

    id: str
    sha256: str
    filename: str
    media_type: str
    reason: str
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": "quarantined",
            "sha256": self.sha256,
            "filename": self.filename,
            "media_type": self.media_type,
            "error": {"reason": self.reason, "detail": self.detail},
        }
