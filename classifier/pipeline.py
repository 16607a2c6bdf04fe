"""The pipeline: the one place that orders the stages.

    ingest -> extract -> classify -> detect -> decide -> redact -> (emit by the caller)

Every document that enters ends processed (a Result, whose action may be review or block) or
quarantined (a Quarantined with a reason), and either way one audit record is written.
`Pipeline.process` is the one catch-all: every entry point (CLI process and batch, the API and
its jobs, the watched folder, review actions) goes through it, none has its own.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from classifier.audit.log import AuditLog
from classifier.audit.versions import record_version_changes
from classifier.document import Document, Extracted, Quarantined, Result
from classifier.errors import (
    UNEXPECTED_REASON,
    AuditError,
    ConfigError,
    DocumentError,
    DocumentTooLarge,
)
from classifier.formats import locations, redact_document
from classifier.formats.layout import Marks
from classifier.formats.limits import Limits
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.policy.operators import OperatorContext
from classifier.policy.rules import Output, Policy, load_policy
from classifier.security.keys import load_or_create_key
from classifier.service import drawn, review
from classifier.settings import Settings, storage_root
from classifier.stages import decide, detect, emit, extract, ingest, redact
from classifier.stages.classify import classify

log = logging.getLogger(__name__)
T = TypeVar("T")
HELD_EVENTS = {"review": "document.held", "block": "document.blocked"}
# every document ends in exactly one of these (held/blocked/routed come on top of processed)
OUTCOME_EVENTS = ("document.processed", "document.quarantined")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(frozen=True)
class _Staged:
    result: Result
    output: Output | None  # where the policy sends the result, if anywhere
    text_chars: int


@dataclass
class _Trace:
    """The stage a document is in, so an unexpected failure can say where it happened."""

    stage: str = "ingest"


@dataclass(frozen=True)
class Pipeline:
    """Immutable once built: `replace(...)` gives a changed copy (the watcher's quarantine
    folder per actor, a test's smaller size limit)."""

    model: TextClassifier
    detector: detect.Detector
    policy: Policy
    audit: AuditLog
    quarantine_dir: Path
    max_document_bytes: int
    max_text_chars: int
    keys_dir: Path | None = None
    limits: Limits = field(default_factory=Limits)
    # called with (stage, seconds) after each stage; the web service feeds its metrics
    observe_stage: Callable[[str, float], None] | None = None
    # called with (filter name, findings dropped) after each text's detection; metrics
    observe_drops: Callable[[str, int], None] | None = None
    # the site keys, read from keys_dir when built; a replaced copy carries them over
    hash_key: bytes = field(default=b"", repr=False)
    encryption_key: bytes = field(default=b"", repr=False)

    def __post_init__(self) -> None:
        if self.hash_key and self.encryption_key:
            return  # a copy made by replace(): no key files read again per document
        keys_dir = self.keys_dir or self.quarantine_dir.parent / "keys"
        object.__setattr__(self, "keys_dir", keys_dir)
        object.__setattr__(self, "hash_key", load_or_create_key(keys_dir / "hash.key"))
        object.__setattr__(self, "encryption_key", load_or_create_key(keys_dir / "encryption.key"))

    def replace(self, **changes: Any) -> Pipeline:
        return dataclasses.replace(self, **changes)

    @contextmanager
    def _timed(self, trace: _Trace, stage: str, limits: Limits) -> Iterator[None]:
        trace.stage = stage
        limits.check_deadline()  # between stages: over the time budget, no further stage
        started = time.perf_counter()
        yield
        if self.observe_stage is not None:
            self.observe_stage(stage, time.perf_counter() - started)

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        policy = load_policy(settings.policy)  # cheapest check first: a bad policy stops us
        model = TextClassifier(
            resolve_model_dir(settings.models_dir, settings.model), threads=settings.onnx_threads
        )
        audit = AuditLog.from_settings(settings)
        record_version_changes(audit, Path(settings.data_dir), policy.version, model.version)
        return cls(
            model=model,
            detector=detect.Detector(
                tagger=detect.load_tagger(
                    settings.models_dir, settings.phi_tagger, threads=settings.onnx_threads
                )
            ),
            policy=policy,
            audit=audit,
            quarantine_dir=storage_root(settings) / "quarantine",
            max_document_bytes=settings.max_document_bytes,
            max_text_chars=settings.max_text_chars,
            keys_dir=Path(settings.keys_dir),
            limits=Limits.from_settings(settings),
        )

    # entry points -------------------------------------------------------------------------
    def process_bytes(
        self,
        content: bytes,
        filename: str,
        source: str,
        actor: str = "anonymous",
        doc_id: str | None = None,
    ) -> Result | Quarantined:
        document = ingest.ingest_bytes(content, filename, source=source, actor=actor)
        return self.process(document, doc_id)

    def process_text(
        self, text: str, doc_id: str | None = None, source: str = "api"
    ) -> Result | Quarantined:
        return self.process(ingest.ingest_text(text, source=source), doc_id)

    # the lifecycle ------------------------------------------------------------------------
    def process(
        self, document: Document, doc_id: str | None = None, limits: Limits | None = None
    ) -> Result | Quarantined:
        """The document through every stage; any failure quarantines it (see `guarded`).
        `limits`: an attachment's are its parent's (one time budget for the whole); a
        document as received gets the pipeline's, its deadline starting now."""
        doc_id = doc_id or new_id()
        limits = limits or self.limits.started_now()
        staged = self.guarded(document, doc_id, lambda t: self._stages(document, doc_id, t, limits))
        if isinstance(staged, Quarantined):
            return staged
        result = staged.result
        self._audit_processed(document, result, staged.text_chars)
        if result.action in HELD_EVENTS:
            self.audit.record(
                HELD_EVENTS[result.action],
                document_id=result.id,
                sha256=result.sha256,
                rule_ids=list(result.rule_ids),
                outcome="success",
                policy_version=result.policy_version,
            )
        if staged.output is not None and staged.output.folder:
            self._route(result, Path(staged.output.folder))
        return result

    def review(
        self,
        document: Document,
        doc_id: str,
        stored: dict[str, Any],
        body: Any,
        labels: dict[str, str],
        reviewer: tuple[str, str],
    ) -> review.Decided | Quarantined:
        """A reviewer's release or block of a held document (`stored`: its result record):
        the text extracted again, the corrections redacted with the policy's operators, and
        `review.decided` audited; any failure quarantines it, as in `process`. A malformed
        request raises ReviewError. `reviewer`: (actor, role) for the audit record."""

        def work(trace: _Trace) -> review.Decided:
            limits = self.limits.started_now()
            extracted = self._extract(document, trace, limits)
            text = extracted.text
            trace.stage = "review"
            request = review.ReviewRequest.parse(body, len(text), labels, self.policy.entity_types)
            placed = drawn.place(request.drawn, extracted.layout)
            request = request.with_placed(placed)
            context = OperatorContext(self.hash_key, self.encryption_key, document.sha256)
            reviewed = review.apply(request, stored, text, self.policy, labels, context)
            rendered = None
            if request.decision == "release":  # attachments of an e-mail are left out
                trace.stage = "redact"
                marks = Marks(placed.regions, request.spared)
                rendered = redact_document(
                    document, extracted, reviewed.findings, reviewed.replacements, (), limits, marks
                )
                _check_output(rendered, limits)
            return review.Decided(
                text,
                request.decision,
                reviewed,
                rendered,
                request.reason,
                placed.regions,
                len(request.drawn),
                locations(extracted, reviewed.findings),
            )

        decided = self.guarded(document, doc_id, work, passthrough=(review.ReviewError,))
        if isinstance(decided, Quarantined):
            return decided
        self.audit.record(
            "review.decided",
            document_id=doc_id,
            sha256=document.sha256,
            actor=reviewer[0],
            role=reviewer[1],
            decision=decided.decision,
            label=decided.reviewed.label,
            predicted_label=stored.get("label"),
            spans_added=decided.reviewed.added,
            spans_removed=decided.reviewed.removed,
            boxes_drawn=decided.drawn,
            regions_drawn=len(decided.regions),
            redacted_sha256=_sha256_text(decided.redacted_text),
            outcome="success",
        )
        return decided

    def guarded(
        self,
        document: Document,
        doc_id: str,
        work: Callable[[_Trace], T],
        passthrough: tuple[type[Exception], ...] = (),
    ) -> T | Quarantined:
        """The one catch-all of the document lifecycle: whatever goes wrong in `work` (a
        DocumentError, or a bug or a parser's own exception) quarantines the document with an
        audit record. Raised instead: a failure of the service itself (configuration, the
        audit trail) and the caller's `passthrough` errors (a malformed review request)."""
        trace = _Trace()
        raised: tuple[type[Exception], ...] = (ConfigError, AuditError, *passthrough)
        try:
            return work(trace)
        except raised:
            raise
        except DocumentError as exc:  # our messages never hold document content
            return self.quarantine(document, doc_id, exc.reason, str(exc))
        except Exception as exc:  # a parser's message may quote the document: class name only
            log.error("document %s: %s in the %s stage", doc_id, type(exc).__name__, trace.stage)
            detail = f"{type(exc).__name__} in the {trace.stage} stage"
            return self.quarantine(document, doc_id, UNEXPECTED_REASON, detail)

    def _extract(self, document: Document, trace: _Trace, limits: Limits) -> Extracted:
        if document.size > self.max_document_bytes:
            raise DocumentTooLarge(
                f"{document.size} bytes is over the limit of {self.max_document_bytes}"
            )
        with self._timed(trace, "extract", limits):
            extracted = extract.extract(document, limits)
        if len(extracted.text) > self.max_text_chars:
            raise DocumentTooLarge(f"{len(extracted.text)} characters of text is over the limit")
        return extracted

    def _stages(self, document: Document, doc_id: str, trace: _Trace, limits: Limits) -> _Staged:
        extracted = self._extract(document, trace, limits)
        text = extracted.text
        with self._timed(trace, "classify", limits):
            classification = classify(self.model, text)
        with self._timed(trace, "detect", limits):
            detected = self.detector.report(
                text, classification=classification, check_deadline=limits.check_deadline
            )
            findings = detected.findings
            if self.observe_drops is not None:
                for name, dropped in detected.drops.items():
                    self.observe_drops(name, dropped)
        with self._timed(trace, "decide", limits):
            decision = decide.decide(self.policy, classification, text, findings)
        trace.stage = "redact"
        resolved = redact.resolve_overlaps(decision.findings)
        children = tuple(
            self.process(child, f"{doc_id}.{i}", limits)
            for i, child in enumerate(extracted.children, 1)
        )
        limits.check_deadline()
        context = OperatorContext(self.hash_key, self.encryption_key, document.sha256)
        outputs = redact.operator_outputs(text, resolved, decision.operators, context)
        # the redacted document in its own format (PDF, image, DOCX, HTML, e-mail)
        rendered = redact_document(document, extracted, resolved, outputs, children, limits)
        _check_output(rendered, limits)
        result = Result(
            id=doc_id,
            label=classification.label,
            domain=classification.domain,
            confidence=classification.confidence,
            sensitivity=decision.sensitivity,
            action=decision.action,
            findings=tuple(resolved),
            redacted_text=redact.splice(text, resolved, outputs),
            sha256=document.sha256,
            filename=document.filename,
            media_type=document.media_type,
            model_version=self.model.version,
            policy_version=self.policy.version,
            rule_ids=decision.rule_ids,
            children=children,
            redacted_content=rendered[0] if rendered else None,
            redacted_media_type=rendered[1] if rendered else None,
            locations=locations(extracted, resolved),
            open_set=classification.open_set,
        )
        return _Staged(result, decision.output, len(text))

    def _route(self, result: Result, folder: Path) -> None:
        """Write the result where the policy sends this action's output; audit it."""
        written = emit.write_result(result, folder)
        self.audit.record(
            "document.routed",
            document_id=result.id,
            sha256=result.sha256,
            action=result.action,
            destination=str(folder),
            files=len(written),
            outcome="success",
            policy_version=result.policy_version,
        )

    def quarantine(self, document: Document, doc_id: str, reason: str, detail: str) -> Quarantined:
        """Keep the original and a reason file under `quarantine_dir`; audit it. Also the way
        in for an entry point that refuses a document before the stages (a malformed line)."""
        record = Quarantined(
            doc_id, document.sha256, document.filename, document.media_type, reason, detail
        )
        emit.quarantine(document, record, self.quarantine_dir)
        self._audit_quarantined(record, document_fields(document))
        return record

    def quarantine_unread(
        self, path: Path, doc_id: str, sha256: str, filename: str, source: str, actor: str
    ) -> tuple[Quarantined, Path]:
        """Over the size limit: never read into memory. Writes the reason file and the audit
        record; returns where the caller moves the original."""
        size = path.stat().st_size
        detail = f"{size} bytes is over the limit of {self.max_document_bytes}"
        record = Quarantined(
            doc_id, sha256, filename, ingest.UNKNOWN, DocumentTooLarge.reason, detail
        )
        stored = self.quarantine_dir / f"{sha256[:16]}-{filename}"
        emit.write_reason(record, stored)
        fields = {
            "sha256": sha256,
            "size": size,
            "media_type": ingest.UNKNOWN,
            "source": source,
            "actor": actor,
            "parent_sha256": None,
        }
        self._audit_quarantined(record, fields)
        return record, stored

    def _audit_quarantined(self, record: Quarantined, fields: dict[str, object]) -> None:
        log.warning(
            "quarantined document %s (sha256 %s): %s", record.id, record.sha256[:16], record.reason
        )
        self.audit.record(
            "document.quarantined",
            document_id=record.id,
            **fields,
            outcome="quarantined",
            reason=record.reason,
            policy_version=self.policy.version,
        )

    def _audit_processed(self, document: Document, result: Result, text_chars: int) -> None:
        counts = collections.Counter(f.entity_type for f in result.findings)
        self.audit.record(
            "document.processed",
            document_id=result.id,
            **document_fields(document),
            outcome="success",
            text_chars=text_chars,
            label=result.label,
            domain=result.domain,
            confidence=round(result.confidence, 4),
            action=result.action,
            sensitivity=result.sensitivity,
            rule_ids=list(result.rule_ids),
            entity_counts=dict(sorted(counts.items())),
            redacted_sha256=_sha256_text(result.redacted_text),
            model_version=result.model_version,
            policy_version=result.policy_version,
        )


def _check_output(rendered: tuple[bytes, str] | None, limits: Limits) -> None:
    if rendered is not None and len(rendered[0]) > limits.max_output_bytes:
        raise DocumentTooLarge(
            f"the redacted document ({len(rendered[0])} bytes) is over the limit of "
            f"{limits.max_output_bytes}"
        )


def document_fields(document: Document) -> dict[str, object]:
    """What every audit record says of the document itself (hashes and sizes, no content)."""
    return {
        "sha256": document.sha256,
        "size": document.size,
        "media_type": document.media_type,
        "source": document.source,
        "actor": document.actor,
        "parent_sha256": document.parent_sha256,
    }


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
