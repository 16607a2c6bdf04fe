"""The document service behind the web edge: jobs, stored results, reads, review, retention.

It ties the pipeline to the state database. Each document is stored as it arrives (original
sealed under the site key), processed now or by a background worker (`wait=False`), and its
result stored sealed too. A job a crash left queued or running is reconciled with the audit
trail at start-up (`resume_jobs`, see `recovery`). Every read of a result, a redacted file
or an original, and every review decision, is audited with the document id and the caller;
never content.
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

from classifier.audit.log import AuditLog, NoAudit, SkipRecorded
from classifier.document import Document, Quarantined
from classifier.errors import Conflict, NotFound
from classifier.formats import pages
from classifier.pipeline import Pipeline, document_fields, new_id
from classifier.policy.words import reasons_in_words
from classifier.scale import pushes
from classifier.scale.jobs import job_queue
from classifier.security.access import Principal
from classifier.security.at_rest import open_private, private_dir, purge_older
from classifier.security.vault import Vault
from classifier.service import assignment, operations, queue, recovery, review
from classifier.service.fhir_push import FhirPushSender
from classifier.service.history import history
from classifier.service.large import LargeDocuments
from classifier.service.listing import DocumentQuery
from classifier.service.metrics import Metrics
from classifier.service.store import DocumentRow, Store
from classifier.service.webhook import WebhookSender
from classifier.settings import Settings
from classifier.stages import emit, extract, ingest

log = logging.getLogger(__name__)
PURGE_EVERY_S = 3600.0
FINAL_ACTIONS = pushes.FINAL_ACTIONS


@dataclass(frozen=True)
class Submitted:
    row: DocumentRow
    result: dict[str, Any] | None


def release_refusal(row: DocumentRow) -> str | None:
    """Why the redacted output of `row` may not be read yet, or None when it may."""
    if row.status != "processed":
        return f"document is {row.status}"
    if row.review_state == "pending":
        return "document is held for review"
    if row.review_state == "blocked" or (row.action == "block" and not row.review_state):
        return "document is blocked"
    return None


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
        if self.store.files is not None:  # shared_storage: this node opens what others sealed
            self.store.files.check_site_key(self.vault)
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
        self.fhir_push = FhirPushSender.from_settings(
            settings,
            self.audit,
            self.pipeline.policy.hl7,
            on_attempt=lambda outcome: self.metrics.webhooks.inc(outcome),
        )
        self.jobs = job_queue(settings)  # Celery when broker_url is set (scale/jobs.py)
        self._workers = ThreadPoolExecutor(
            max_workers=max(1, settings.job_workers), thread_name_prefix="job"
        )
        self.large = LargeDocuments.from_settings(settings)
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
        # one node's in-process jobs: Celery redelivers its own (late acks, claims with a
        # lease), and a shared PostgreSQL database may hold jobs another node is running
        path = self.store.path
        local = self.jobs is None and path is not None
        self._reconciler = recovery.hold_reconciler_lock(path) if local and path else None
        if self._reconciler is not None:
            self.resume_jobs()

    def close(self) -> None:
        """Finish the jobs in flight; those not started stay queued for the next start."""
        self._workers.shutdown(wait=True, cancel_futures=True)
        if self.jobs is not None:
            self.jobs.close()
        if self.webhook is not None:
            self.webhook.close()
        if self.fhir_push is not None:
            self.fhir_push.close()
        if self._reconciler is not None:
            self._reconciler.release()
            self._reconciler = None

    # submission ---------------------------------------------------------------------------
    def submit_bytes(
        self,
        content: bytes,
        filename: str,
        principal: Principal,
        source: str,
        wait: bool = True,
        pipeline: Pipeline | None = None,
    ) -> Submitted:
        """`pipeline`: this request's own copy of the service's (FHIR: with the Patient's
        known values added to detection); the service's own by default."""
        document = ingest.ingest_bytes(content, filename, source=source, actor=principal.id)
        return self._submit(document, principal, wait, pipeline)

    def submit_text(
        self, text: str, principal: Principal, source: str, wait: bool = True
    ) -> Submitted:
        document = ingest.ingest_text(text, source=source)
        document = Document(**{**document.__dict__, "actor": principal.id})
        return self._submit(document, principal, wait)

    def _submit(
        self,
        document: Document,
        principal: Principal,
        wait: bool,
        pipeline: Pipeline | None = None,
    ) -> Submitted:
        self.purge_expired()
        # a large synchronous one waits for a slot first: refused (503), it is not stored
        taken = self.large.try_take(len(document.content)) if wait else False
        try:
            return self._accept(document, principal, wait, pipeline)
        finally:
            self.large.release(taken)

    def _accept(
        self,
        document: Document,
        principal: Principal,
        wait: bool,
        pipeline: Pipeline | None,
    ) -> Submitted:
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
        fields = document_fields(document)  # its actor is the principal
        self.audit.record("document.received", document_id=doc_id, **fields, outcome="success")
        if not wait:
            if self.jobs is not None and pipeline is None:  # a per-request pipeline stays here
                self.jobs.send(doc_id, document.sha256)
            else:
                self._workers.submit(self._job, doc_id, document, pipeline)
            return Submitted(self._row(doc_id), None)
        result = self._process(doc_id, document, pipeline)
        return Submitted(self._row(doc_id), result)

    def run_queued(self, doc_id: str, document: Document, already_audited: bool = False) -> None:
        """A queued job taken by a Celery worker (scale/jobs.py). `already_audited`: a worker
        died after the pipeline audited it; the outcome is rebuilt without a second record."""
        pipeline = self.pipeline.replace(audit=NoAudit()) if already_audited else None
        self._job(doc_id, document, pipeline, mark_running=False)  # its claim marks it

    def _job(
        self,
        doc_id: str,
        document: Document,
        pipeline: Pipeline | None = None,
        mark_running: bool = True,
    ) -> None:
        """A `?wait=false` submission, `running` while a worker has it. The document's own
        failures end in quarantine inside the pipeline; what can still fail here is the
        service's state (the database, the vault, the audit trail), and the job is then
        marked failed rather than left queued."""
        try:
            with self.large.slot(len(document.content)):  # a large one waits its turn
                if mark_running:
                    self.store.update_document(doc_id, status="running")
                self._process(doc_id, document, pipeline)
        except Exception as exc:
            log.error("job %s: %s storing its outcome", doc_id, type(exc).__name__)
            self.metrics.errors.inc("process")
            self.store.update_document(doc_id, status="failed", error_reason="internal error")

    # start-up reconciliation --------------------------------------------------------------
    def resume_jobs(self) -> list[recovery.Step]:
        """Reconcile the jobs a crash left queued or running with the audit trail (see
        `recovery`): each is settled, rebuilt, resumed or failed with a reason, and audited."""
        rows = self.store.unfinished(recovery.UNFINISHED)
        if not rows:
            return []
        since = min(r.created_at for r in rows)
        history = self.audit.records_about("document_id", {r.id for r in rows}, since)
        steps = recovery.plan(rows, history)
        by_id = {r.id: r for r in rows}
        for step in steps:
            self._reconcile(step, by_id[step.doc_id])
        log.info("jobs: %d unfinished job(s) reconciled at start-up", len(steps))
        return steps

    def _reconcile(self, step: recovery.Step, row: DocumentRow) -> None:
        self.audit.record(
            recovery.RECONCILED_EVENT,
            document_id=row.id,
            sha256=row.sha256,
            found=step.found,
            action=step.action,
            outcome="failed" if step.action == "fail" else "success",
        )
        if step.action == "settle":
            record = Quarantined(
                row.id,
                row.sha256,
                row.filename,
                row.media_type,
                step.reason,
                "recorded before a restart",
            )
            self._quarantined(row.id, record, row.source)
        elif step.action == "fail":
            self.store.update_document(row.id, status="failed", error_reason=step.reason)
        else:  # resume, or rebuild: nothing audited a second time
            self.store.update_document(row.id, status="queued")
            self._workers.submit(self._job, row.id, self._stored_document(row), self._quiet(step))

    def _quiet(self, step: recovery.Step) -> Pipeline | None:
        """The pipeline a resumed job runs with: one that records nothing the audit already
        holds (all of a rebuilt job; the attachments of a resumed one)."""
        if step.action == "rebuild":
            return self.pipeline.replace(audit=NoAudit())
        if step.recorded:
            return self.pipeline.replace(audit=SkipRecorded(self.audit, step.recorded))
        return None

    def _stored_document(self, row: DocumentRow) -> Document:
        """The document as it was submitted, from its sealed original."""
        return Document(
            content=self._sealed(row, "original"),
            filename=row.filename,
            media_type=row.media_type,
            sha256=row.sha256,
            source=row.source,
            actor=row.owner,
        )

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
            redacted=self._seal_optional(outcome.redacted_content, doc_id),
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

    def _seal_optional(self, content: bytes | None, doc_id: str) -> bytes | None:
        return None if content is None else self.vault.seal(content, doc_id)

    def _push(self, doc_id: str, record: dict[str, Any]) -> None:
        """Each configured push of a final result: a Celery task with broker_url (a worker
        reads the stored result, delivers, retries: scale/pushes.py), else this node's thread."""
        for kind, sender in pushes.senders(self).items():
            if self.jobs is not None:
                self.jobs.send_push(doc_id, kind)
            else:
                sender.submit_result(doc_id, record)

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
        if row.status in (*recovery.UNFINISHED, "failed") or row.purged_at:
            return row, None
        record: dict[str, Any] = json.loads(self._sealed(row, "result"))
        self._read(row, principal, "result")
        return row, record

    def _releasable(self, doc_id: str, principal: Principal) -> DocumentRow:
        row = self.visible(doc_id, principal)
        refusal = release_refusal(row)
        if refusal:
            raise Conflict(refusal)
        return row

    def redacted(self, doc_id: str, principal: Principal) -> tuple[DocumentRow, str]:
        row = self._releasable(doc_id, principal)
        record = json.loads(self._sealed(row, "result"))
        self._read(row, principal, "redacted")
        return row, str(record["redacted_text"])

    def redacted_file(self, doc_id: str, principal: Principal) -> tuple[bytes, str, str]:
        """The redacted document in its own format: (content, media type, file name). Plain
        text has no other format: its redacted text, as `<name>.redacted.txt`."""
        row = self._releasable(doc_id, principal)
        record = json.loads(self._sealed(row, "result"))
        self._read(row, principal, "redacted_file")
        media_type = record.get("redacted_media_type")
        if self.store.blob(row.id, "redacted") is None or not media_type:
            text = str(record["redacted_text"]).encode("utf-8")
            return text, "text/plain", emit.redacted_name(row.filename)
        content = self._sealed(row, "redacted")
        return content, media_type, emit.redacted_file_name(row.filename, media_type)

    def redacted_media_type(self, row: DocumentRow) -> str | None:
        """The media type of the row's redacted document in its own format, or None (text
        only, or none stored); reads no content, so nothing is audited."""
        if row.status != "processed" or self.store.blob(row.id, "redacted") is None:
            return None
        record = json.loads(self._sealed(row, "result"))
        media_type = record.get("redacted_media_type")
        return str(media_type) if media_type else None

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

    def page_count(self, doc_id: str, principal: Principal) -> int:
        """How many pages a PDF or image has (0 for other formats)."""
        row = self.visible(doc_id, principal)
        return pages.page_count(self._sealed(row, "original"), row.media_type, self.pipeline.limits)

    def page(
        self, doc_id: str, principal: Principal, number: int, view: str, colours: dict[str, str]
    ) -> bytes:
        """Page `number` as PNG: the original with each finding's box outlined and named, or
        the redacted document as stored (what release will give). Audited as a read."""
        row = self.visible(doc_id, principal)
        record = json.loads(self._sealed(row, "result"))
        if view in ("original", "plain"):
            content, media_type = self._sealed(row, "original"), row.media_type
            boxes = pages.boxes_on_page(record, number) if view == "original" else []
        elif view == "redacted" and record.get("redacted_media_type"):
            content, media_type = self._sealed(row, "redacted"), record["redacted_media_type"]
            boxes = []
        else:
            raise NotFound(f"no {view} pages")
        picture = pages.page_png(content, media_type, number, self.pipeline.limits, boxes, colours)
        self._read(row, principal, "page_redacted" if view == "redacted" else "page_original")
        return picture

    def operations(self, now: float | None = None) -> dict[str, Any]:
        """Throughput, errors, backlog per day; held-for-review share this week vs last."""
        now = time.time() if now is None else now
        rows = self.store.activity(now - operations.DAYS * 86400)
        return operations.summary(rows, self.store.review_depth(), self.store.queued(), now)

    def boxes(self, doc_id: str, principal: Principal) -> dict[str, Any]:
        """Each page's size and each finding's boxes in picture pixels, for the reviewer to
        accept or remove (no content; audited as a read)."""
        row = self.visible(doc_id, principal)
        record = json.loads(self._sealed(row, "result"))
        original, limits = self._sealed(row, "original"), self.pipeline.limits
        sizes = pages.page_sizes(original, row.media_type, limits)
        self._read(row, principal, "page_boxes")
        return {
            "id": row.id,
            "picture_width": pages.WIDTH,
            "pages": [
                {"number": i, "width": w, "height": h, "unit": u}
                for i, (w, h, u) in enumerate(sizes, 1)
            ],
            "boxes": pages.page_boxes(record, sizes),
        }

    def span_on_page(
        self, doc_id: str, principal: Principal, number: int, box: list[float]
    ) -> dict[str, Any]:
        """A box a reviewer drew on page `number` (picture pixels) as text offsets: a missed
        finding to add. Audited as a read of the original text."""
        row = self.visible(doc_id, principal)
        document = ingest.ingest_bytes(self._sealed(row, "original"), row.filename)
        extracted = extract.extract(document, self.pipeline.limits)
        start, end = pages.span_under(extracted.layout, number, box)
        self._read(row, principal, "original_text")
        return {"start": start, "end": end, "text": extracted.text[start:end]}

    def documents(self, principal: Principal, limit: int = 100) -> list[DocumentRow]:
        owner = None if principal.can("documents.read_all") else principal.id
        return self.store.documents(owner=owner, limit=limit)

    def search(self, principal: Principal, query: DocumentQuery) -> tuple[list[DocumentRow], int]:
        """A page of the documents `principal` may see that `query` selects; the total."""
        owner = None if principal.can("documents.read_all") else principal.id
        return self.store.search(query, owner)

    def history(self, doc_id: str, principal: Principal) -> list[dict[str, Any]]:
        """The document's events from the audit trail (own documents, or all for wider roles)."""
        row = self.visible(doc_id, principal)
        events = history(self.settings.audit_dir, row.id)
        for event in events:  # why held or blocked, in words
            if "rule_ids" in event["details"]:
                ids = event["details"].pop("rule_ids")
                event["details"]["why"] = reasons_in_words(self.pipeline.policy, ids)
        return events

    def review_queue(self, limit: int = 100) -> list[DocumentRow]:
        return self.store.documents(review_state="pending", limit=limit)

    def triage(self, query: queue.QueueQuery, limit: int = 500) -> list[dict[str, Any]]:
        """The held documents with why, who sent them, their age and lock; sorted, filtered."""
        locks, assigned = self.store.locks(), assignment.assignments(self.store)
        items = []
        for row in self.review_queue(limit):
            record = json.loads(self._sealed(row, "result"))
            rule_ids = [str(r) for r in record.get("rule_ids", [])]
            policy, holder = self.pipeline.policy, locks.get(row.id)
            items.append(queue.triage_item(row, rule_ids, policy, holder, assigned.get(row.id)))
        return sorted(filter(query.keeps, items), key=queue.SORTS[query.sort])

    def lock(self, doc_id: str, principal: Principal) -> str:
        holder = queue.take_lock(self.store, self._row(doc_id), principal.id)
        self.audit.record(
            "review.locked", document_id=doc_id, actor=principal.id, outcome="success"
        )
        return holder

    def unlock(self, doc_id: str, principal: Principal) -> None:
        self.store.unlock(self._row(doc_id).id, principal.id)

    def assign(self, doc_id: str, principal: Principal, assignee: object) -> str | None:
        """Assign a held document to a reviewer (None/"": unassign); audited."""
        return assignment.assign(self.store, self.audit, self._row(doc_id), principal, assignee)

    # review -------------------------------------------------------------------------------
    def decide(self, doc_id: str, principal: Principal, body: Any) -> dict[str, Any]:
        """Release or block a held document; the pipeline applies and audits the decision,
        or quarantines the document when that fails (the record then says so)."""
        row = self._row(doc_id)
        if row.review_state != "pending":
            raise Conflict("document is not waiting for review")
        queue.check_lock(self.store, doc_id, principal.id)
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
            redacted_media_type=decided.rendered[1] if decided.rendered else None,
            locations=list(decided.locations),
            regions=[
                {"page": r.page, "box": [round(v, 2) for v in r.box], "entity_type": r.entity_type}
                for r in decided.regions
            ],
        )
        self.store.update_document(
            doc_id,
            review_state="released" if decided.released else "blocked",
            label=reviewed.label,
            domain=reviewed.domain,
            action=record["action"],
            result=self.vault.seal(json.dumps(record).encode(), doc_id),
            redacted=self._seal_optional(decided.rendered[0] if decided.rendered else None, doc_id),
        )
        self.store.unlock(doc_id)
        self.store.add_review_action(
            doc_id,
            principal.id,
            decided.decision,
            reviewed.label,
            (reviewed.added, reviewed.removed),
            self._seal_optional(decided.reason.encode() or None, f"reason:{doc_id}"),
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
        self._purge_quarantine(days, now)
        return purged

    def _purge_quarantine(self, days: int, now: float) -> None:
        """Quarantined originals are kept as long as the stored ones, no longer."""
        removed = purge_older(self.pipeline.quarantine_dir, days, now)
        if removed:
            self.audit.record(
                "quarantine.purged", files=removed, retention_days=days, outcome="success"
            )


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def export_corrections(store: Store, vault: Vault, audit: AuditLog, out: Path, actor: str) -> int:
    """Write reviewers' corrections as `classifier train --data` JSONL; audited."""
    if not out.parent.exists():
        private_dir(out.parent)
    count = 0
    with open(open_private(out), "w", encoding="utf-8") as f:  # original text: owner-only
        for doc_id, sealed in store.corrections():
            f.write(vault.open(sealed, f"correction:{doc_id}").decode() + "\n")
            count += 1
    audit.record("corrections.exported", actor=actor, examples=count, destination=str(out))
    return count
