"""The document service behind the web edge: jobs, stored results, reads, review, retention.

It ties the pipeline to the state database. Each document is stored as it arrives (original
sealed under the site key), processed now or by a background worker (`wait=False`), and its
result stored sealed too. Every read of a result, a redacted file or an original, and every
review decision, is audited with the document id and the caller; never content.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.audit.log import AuditLog
from classifier.document import Document, Quarantined
from classifier.errors import Conflict, NotFound
from classifier.pipeline import Pipeline, new_id
from classifier.scale.jobs import job_queue
from classifier.scale.recording_audit import NoAudit
from classifier.security.access import Principal
from classifier.security.vault import Vault
from classifier.service import review
from classifier.service.metrics import Metrics
from classifier.service.store import DocumentRow, Store
from classifier.service.webhook import WebhookSender
from classifier.settings import Settings
from classifier.stages import extract, ingest

log = logging.getLogger(__name__)
PURGE_EVERY_S = 3600.0
FINAL_ACTIONS = ("redact", "pass")


@dataclass(frozen=True)
class Submitted:
    row: DocumentRow
    result: dict[str, Any] | None


class DocumentService:
    def __init__(
        self,
        settings: Settings,
        pipeline: Pipeline,
        store: Store | None = None,
        vault: Vault | None = None,
        metrics: Metrics | None = None,
    ):
        self.settings = settings
        self.store = store or Store.from_settings(settings)
        self.vault = vault or Vault.from_keys_dir(settings.keys_dir)
        self.metrics = metrics or Metrics()
        # the same pipeline, feeding this service's metrics after each stage and detection
        self.pipeline = pipeline.replace(
            observe_stage=lambda stage, s: self.metrics.stage_seconds.observe(s, stage),
            observe_drops=lambda name, n: self.metrics.detection_drops.inc(name, amount=n),
        )
        self.audit = pipeline.audit
        self.labels = {x.name: x.domain for x in pipeline.model.labels}
        self.webhook = WebhookSender.from_settings(
            settings, self.audit, on_attempt=lambda outcome: self.metrics.webhooks.inc(outcome)
        )
        self.jobs = job_queue(settings)  # Celery when broker_url is set (scale/jobs.py)
        self._workers = ThreadPoolExecutor(
            max_workers=max(1, settings.job_workers), thread_name_prefix="job"
        )
        self._last_purge = 0.0
        self._purge_lock = threading.Lock()
        self.metrics.gauge(
            "classifier_review_queue_depth",
            "Documents waiting in the review queue",
            lambda: {(): float(self.store.review_depth())},
        )
        self.metrics.gauge(
            "classifier_build_info",
            "Model and policy versions in use",
            lambda: {(pipeline.model.version, pipeline.policy.version): 1.0},
            ("model_version", "policy_version"),
        )
        self.purge_expired()

    def close(self) -> None:
        self._workers.shutdown(wait=True)
        if self.jobs is not None:
            self.jobs.close()
        if self.webhook is not None:
            self.webhook.close()

    # submission ---------------------------------------------------------------------------
    def submit_bytes(
        self, content: bytes, filename: str, principal: Principal, source: str, wait: bool = True
    ) -> Submitted:
        document = ingest.ingest_bytes(content, filename, source=source, actor=principal.id)
        return self._submit(document, principal, wait)

    def submit_text(
        self, text: str, principal: Principal, source: str, wait: bool = True
    ) -> Submitted:
        document = ingest.ingest_text(text, source=source)
        document = Document(**{**document.__dict__, "actor": principal.id})
        return self._submit(document, principal, wait)

    def _submit(self, document: Document, principal: Principal, wait: bool) -> Submitted:
        self.purge_expired()
        doc_id = new_id()
        self.store.add_document(
            doc_id,
            source=document.source,
            owner=principal.id,
            filename=document.filename,
            media_type=document.media_type,
            sha256=document.sha256,
            original=self.vault.seal(document.content, doc_id),
        )
        if not wait:
            if self.jobs is not None:
                self.jobs.send(doc_id, document.sha256)
            else:
                self._workers.submit(self._job, doc_id, document)
            return Submitted(self._row(doc_id), None)
        result = self._process(doc_id, document)
        return Submitted(self._row(doc_id), result)

    def run_queued(self, doc_id: str, document: Document, already_audited: bool = False) -> None:
        """A queued job taken by a Celery worker (scale/jobs.py). `already_audited`: a worker
        died after the pipeline audited it; the outcome is rebuilt without a second record."""
        pipeline = self.pipeline.replace(audit=NoAudit()) if already_audited else None
        self._job(doc_id, document, pipeline)

    def _job(self, doc_id: str, document: Document, pipeline: Pipeline | None = None) -> None:
        """A `?wait=false` submission. The document's own failures end in quarantine inside
        the pipeline; what can still fail here is the service's state (the database, the
        vault, the audit trail), and the job is then marked failed rather than left queued."""
        try:
            self._process(doc_id, document, pipeline)
        except Exception as exc:
            log.error("job %s: %s storing its outcome", doc_id, type(exc).__name__)
            self.metrics.errors.inc("process")
            self.store.update_document(doc_id, status="failed", error_reason="internal error")

    def _process(
        self, doc_id: str, document: Document, pipeline: Pipeline | None = None
    ) -> dict[str, Any]:
        started = time.perf_counter()
        outcome = (pipeline or self.pipeline).process(document, doc_id)  # quarantines failures
        self.metrics.request_seconds.observe(time.perf_counter() - started, document.source)
        if isinstance(outcome, Quarantined):
            return self._quarantined(doc_id, outcome, document.source)
        record = outcome.as_dict()
        sealed = self.vault.seal(json.dumps(record).encode(), doc_id)
        self.metrics.documents.inc(
            outcome.label,
            outcome.action,
            document.source,
            outcome.model_version,
            outcome.policy_version,
        )
        self.store.update_document(
            doc_id,
            status="processed",
            media_type=outcome.media_type,
            label=outcome.label,
            domain=outcome.domain,
            confidence=round(outcome.confidence, 4),
            sensitivity=outcome.sensitivity,
            action=outcome.action,
            review_state="pending" if outcome.action == "review" else None,
            result=sealed,
        )
        if outcome.action in FINAL_ACTIONS:
            self._push(doc_id, record)
        return record

    def _quarantined(self, doc_id: str, outcome: Quarantined, source: str) -> dict[str, Any]:
        """Store what the pipeline quarantined (it kept the original and audited it)."""
        record = outcome.as_dict()
        self.metrics.quarantined.inc(outcome.reason, source)
        self.store.update_document(
            doc_id,
            status="quarantined",
            review_state=None,
            error_reason=outcome.reason,
            result=self.vault.seal(json.dumps(record).encode(), doc_id),
        )
        return record

    def _push(self, doc_id: str, record: dict[str, Any]) -> None:
        if self.webhook is not None:
            self.webhook.submit(doc_id, record)

    # reads --------------------------------------------------------------------------------
    def _row(self, doc_id: str) -> DocumentRow:
        row = self.store.document(doc_id)
        if row is None:
            raise NotFound(doc_id)
        return row

    def visible(self, doc_id: str, principal: Principal) -> DocumentRow:
        """The row, if `principal` may see it (own documents, or all for the wider roles)."""
        row = self._row(doc_id)
        if row.owner != principal.id and not principal.can("documents.read_all"):
            raise NotFound(doc_id)
        return row

    def _read(self, row: DocumentRow, principal: Principal, what: str) -> None:
        self.audit.record(
            "document.read",
            document_id=row.id,
            sha256=row.sha256,
            actor=principal.id,
            role=principal.role,
            what=what,
            outcome="success",
        )

    def _sealed(self, row: DocumentRow, column: str) -> bytes:
        blob = self.store.blob(row.id, column)
        if blob is None:
            raise Conflict("purged" if row.purged_at else "not processed yet")
        return self.vault.open(blob, row.id)

    def result(
        self, doc_id: str, principal: Principal
    ) -> tuple[DocumentRow, dict[str, Any] | None]:
        row = self.visible(doc_id, principal)
        if row.status == "queued" or row.status == "failed" or row.purged_at:
            return row, None
        record: dict[str, Any] = json.loads(self._sealed(row, "result"))
        self._read(row, principal, "result")
        return row, record

    def redacted(self, doc_id: str, principal: Principal) -> tuple[DocumentRow, str]:
        row = self.visible(doc_id, principal)
        if row.status != "processed":
            raise Conflict(f"document is {row.status}")
        if row.review_state == "pending":
            raise Conflict("document is held for review")
        if row.review_state == "blocked" or (row.action == "block" and not row.review_state):
            raise Conflict("document is blocked")
        record = json.loads(self._sealed(row, "result"))
        self._read(row, principal, "redacted")
        return row, str(record["redacted_text"])

    def original(self, doc_id: str, principal: Principal) -> tuple[DocumentRow, bytes]:
        row = self.visible(doc_id, principal)
        content = self._sealed(row, "original")
        self._read(row, principal, "original")
        return row, content

    def original_text(self, doc_id: str, principal: Principal) -> tuple[DocumentRow, str]:
        """The extracted text of the original: what finding offsets index (for highlights)."""
        row = self.visible(doc_id, principal)
        text = self._text(row)
        self._read(row, principal, "original_text")
        return row, text

    def _text(self, row: DocumentRow) -> str:
        content = self._sealed(row, "original")
        document = ingest.ingest_bytes(content, row.filename)
        return extract.extract(document, self.pipeline.limits).text

    def documents(self, principal: Principal, limit: int = 100) -> list[DocumentRow]:
        owner = None if principal.can("documents.read_all") else principal.id
        return self.store.documents(owner=owner, limit=limit)

    def review_queue(self, limit: int = 100) -> list[DocumentRow]:
        return self.store.documents(review_state="pending", limit=limit)

    # review -------------------------------------------------------------------------------
    def decide(self, doc_id: str, principal: Principal, body: Any) -> dict[str, Any]:
        """Release or block a held document; the pipeline applies and audits the decision,
        or quarantines the document when that fails (the record then says so)."""
        row = self._row(doc_id)
        if row.review_state != "pending":
            raise Conflict("document is not waiting for review")
        record: dict[str, Any] = json.loads(self._sealed(row, "result"))
        document = ingest.ingest_bytes(
            self._sealed(row, "original"), row.filename, source="review", actor=principal.id
        )
        decided = self.pipeline.review(
            document, doc_id, record, body, self.labels, (principal.id, principal.role)
        )
        if isinstance(decided, Quarantined):
            return self._quarantined(doc_id, decided, document.source)
        reviewed = decided.reviewed
        record.update(
            label=reviewed.label,
            domain=reviewed.domain,
            findings=[f.as_dict() for f in reviewed.findings],
            redacted_text=decided.redacted_text,
            action="redact" if decided.released else "block",
            review={"decision": decided.decision, "reviewer": principal.id},
        )
        self.store.update_document(
            doc_id,
            review_state="released" if decided.released else "blocked",
            label=reviewed.label,
            domain=reviewed.domain,
            action=record["action"],
            result=self.vault.seal(json.dumps(record).encode(), doc_id),
        )
        self.store.add_review_action(
            doc_id, principal.id, decided.decision, reviewed.label, reviewed.added, reviewed.removed
        )
        if reviewed.label != row.label or reviewed.added or reviewed.removed:
            example = json.dumps(review.as_example(doc_id, decided.text, reviewed)).encode()
            self.store.add_correction(
                doc_id,
                principal.id,
                reviewed.label,
                row.label or "",
                self.vault.seal(example, f"correction:{doc_id}"),
            )
        self.metrics.reviews.inc(decided.decision)
        if decided.released:
            self._push(doc_id, record)
        return record

    # retention ----------------------------------------------------------------------------
    def purge_expired(self, now: float | None = None, force: bool = False) -> list[str]:
        days = self.settings.retention_days
        now = time.time() if now is None else now
        with self._purge_lock:
            if days <= 0 or (not force and now - self._last_purge < PURGE_EVERY_S):
                return []
            self._last_purge = now
        purged = self.store.purge_before(now - days * 86400)
        for doc_id in purged:
            self.audit.record(
                "document.purged", document_id=doc_id, retention_days=days, outcome="success"
            )
        return purged


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def export_corrections(store: Store, vault: Vault, audit: AuditLog, out: Path, actor: str) -> int:
    """Write reviewers' corrections as `classifier train --data` JSONL; audited."""
    out.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with out.open("w", encoding="utf-8") as f:
        for doc_id, sealed in store.corrections():
            f.write(vault.open(sealed, f"correction:{doc_id}").decode() + "\n")
            count += 1
    audit.record("corrections.exported", actor=actor, examples=count, destination=str(out))
    return count
