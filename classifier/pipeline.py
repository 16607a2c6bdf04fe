"""The pipeline: the one place that orders the stages.

    ingest -> extract -> classify -> detect -> decide -> redact -> (emit by the caller)

Every document that enters ends processed (a Result, whose action may be review or block) or
quarantined (a Quarantined with a reason), and either way one audit record is written.
"""

from __future__ import annotations

import collections
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from classifier.audit.log import AuditLog
from classifier.audit.versions import record_version_changes
from classifier.document import Document, Quarantined, Result
from classifier.errors import DocumentError, DocumentTooLarge
from classifier.formats import locations, redact_document
from classifier.formats.limits import configure as configure_limits
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.policy.operators import OperatorContext
from classifier.policy.rules import Policy, load_policy
from classifier.security.keys import load_or_create_key
from classifier.settings import Settings
from classifier.stages import decide, detect, emit, extract, ingest, redact
from classifier.stages.classify import classify

log = logging.getLogger(__name__)
HELD_EVENTS = {"review": "document.held", "block": "document.blocked"}
# every document ends in exactly one of these (held/blocked/routed come on top of processed)
OUTCOME_EVENTS = ("document.processed", "document.quarantined")


def new_id() -> str:
    return uuid.uuid4().hex


class Pipeline:
    def __init__(
        self,
        model: TextClassifier,
        detector: detect.Detector,
        policy: Policy,
        audit: AuditLog,
        quarantine_dir: Path,
        max_document_bytes: int,
        max_text_chars: int,
        keys_dir: Path | None = None,
    ):
        self.model = model
        self.detector = detector
        self.policy = policy
        self.audit = audit
        self.quarantine_dir = quarantine_dir
        self.max_document_bytes = max_document_bytes
        self.max_text_chars = max_text_chars
        keys_dir = keys_dir or quarantine_dir.parent / "keys"
        self.hash_key = load_or_create_key(keys_dir / "hash.key")
        self.encryption_key = load_or_create_key(keys_dir / "encryption.key")
        # called with (stage, seconds) after each stage; the web service feeds its metrics
        self.observe_stage: Callable[[str, float], None] | None = None

    @contextmanager
    def _timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        if self.observe_stage is not None:
            self.observe_stage(stage, time.perf_counter() - started)

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        policy = load_policy(settings.policy)  # cheapest check first: a bad policy stops us
        configure_limits(settings)
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
            quarantine_dir=Path(settings.data_dir) / "quarantine",
            max_document_bytes=settings.max_document_bytes,
            max_text_chars=settings.max_text_chars,
            keys_dir=Path(settings.keys_dir),
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

    def process_file(self, path: Path, source: str = "cli") -> Result | Quarantined:
        return self.process_bytes(path.read_bytes(), path.name, source=source)

    def process_text(
        self, text: str, doc_id: str | None = None, source: str = "api"
    ) -> Result | Quarantined:
        return self.process(ingest.ingest_text(text, source=source), doc_id)

    # the stages ---------------------------------------------------------------------------
    def process(self, document: Document, doc_id: str | None = None) -> Result | Quarantined:
        doc_id = doc_id or new_id()
        try:
            if document.size > self.max_document_bytes:
                raise DocumentTooLarge(
                    f"{document.size} bytes is over the limit of {self.max_document_bytes}"
                )
            with self._timed("extract"):
                extracted = extract.extract(document)
            if len(extracted.text) > self.max_text_chars:
                raise DocumentTooLarge(
                    f"{len(extracted.text)} characters of text is over the limit"
                )
        except DocumentError as exc:
            return self._quarantine(document, doc_id, exc)
        text = extracted.text
        with self._timed("classify"):
            classification = classify(self.model, text)
        with self._timed("detect"):
            findings = self.detector.detect(text, classification=classification)
        with self._timed("decide"):
            decision = decide.decide(self.policy, classification, text, findings)
        resolved = redact.resolve_overlaps(decision.findings)
        children = tuple(
            self.process(child, f"{doc_id}.{i}") for i, child in enumerate(extracted.children, 1)
        )
        context = OperatorContext(self.hash_key, self.encryption_key, document.sha256)
        outputs = redact.operator_outputs(text, resolved, decision.operators, context)
        try:  # the redacted document in its own format (PDF, image, DOCX, HTML, e-mail)
            rendered = redact_document(document, extracted, resolved, outputs, children)
        except DocumentError as exc:
            return self._quarantine(document, doc_id, exc)
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
        )
        self._audit_processed(document, result, len(text))
        if result.action in HELD_EVENTS:
            self.audit.record(
                HELD_EVENTS[result.action],
                document_id=result.id,
                sha256=result.sha256,
                rule_ids=list(result.rule_ids),
                outcome="success",
                policy_version=result.policy_version,
            )
        if decision.output is not None and decision.output.folder:
            self._route(result, Path(decision.output.folder))
        return result

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

    def _quarantine(self, document: Document, doc_id: str, exc: DocumentError) -> Quarantined:
        record = Quarantined(
            doc_id, document.sha256, document.filename, document.media_type, exc.reason, str(exc)
        )
        emit.quarantine(document, record, self.quarantine_dir)
        log.warning(
            "quarantined document %s (sha256 %s): %s", doc_id, document.sha256[:16], exc.reason
        )
        self.audit.record(
            "document.quarantined",
            document_id=doc_id,
            **_document_fields(document),
            outcome="quarantined",
            reason=exc.reason,
            policy_version=self.policy.version,
        )
        return record

    def _audit_processed(self, document: Document, result: Result, text_chars: int) -> None:
        counts = collections.Counter(f.entity_type for f in result.findings)
        self.audit.record(
            "document.processed",
            document_id=result.id,
            **_document_fields(document),
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


def _document_fields(document: Document) -> dict[str, object]:
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
