"""`?wait=false` submissions as Celery tasks (setting `broker_url`: redis:// or amqp://); the
app and the senders of every task (watched files: watch/queued.py; pushes: scale/pushes.py;
the worker that runs them: scale/worker.py).

The web node stores the document as before (original sealed, status `queued`) and sends one
task, `classifier.process_document(doc_id, sha256)`, id `<sha256>:<doc_id>`, JSON only;
`classifier worker` runs a Celery worker (solo pool: one process, the models loaded once; run
several for more) that processes it through `DocumentService`, the same code as the in-process
jobs. Tasks are acknowledged late, so a worker killed mid-document leaves its task to be
delivered again (RabbitMQ: at once; Redis: after the visibility timeout, `lease` below; a task
Redis itself lost, between its BRPOP and its `unacked` record, is sent again by the workers'
sweep of scale/ledger.py).

A delivery does nothing twice:
  - the row is no longer `queued`: the outcome is stored already; acknowledged, nothing done
  - otherwise the worker claims the row by compare-and-set on its `updated_at` (a claim stamp;
    a row never claimed has `updated_at == created_at`); a claim younger than the lease is
    someone else's running job: the task is retried after the lease
  - a claim older than the lease is a dead worker's: taken over, and if the audit trail already
    has the document's record (the worker died after the pipeline audited it) the outcome is
    rebuilt without a second audit record, as the watched folder does.
The lease is `max_document_seconds + 10`: a document is quarantined once over its time budget,
so a live worker has finished with it by then.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from classifier.pipeline import OUTCOME_EVENTS
from classifier.scale.ledger import SentLedger, uses_ledger
from classifier.settings import Settings
from classifier.stages import ingest

if TYPE_CHECKING:
    from classifier.service.documents import DocumentService

log = logging.getLogger(__name__)
TASK = "classifier.process_document"
PUSH_TASK = "classifier.push_result"  # scale/pushes.py
WATCH_TASK = "classifier.watch_file"  # watch/queued.py
LEASE_MARGIN_S = 10


def lease_seconds(settings: Settings) -> int:
    return int(settings.max_document_seconds) + LEASE_MARGIN_S


def celery_app(settings: Settings) -> Any:
    """A Celery app on `broker_url`: JSON only, late acknowledgement, one task at a time."""
    from celery import Celery

    app = Celery("classifier", broker=settings.broker_url, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.broker_queue,
        broker_transport_options={"visibility_timeout": lease_seconds(settings)},
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
    )
    return app


def sent_ledger(settings: Settings) -> SentLedger | None:
    """On Redis, the ledger that sends again the tasks Redis lost (scale/ledger.py)."""
    if not uses_ledger(settings.broker_url):
        return None
    return SentLedger(settings.broker_url, settings.broker_queue)


class JobQueue:
    """A node's side: one task per queued document, push and watched-folder claim."""

    def __init__(self, settings: Settings):
        self.app = celery_app(settings)
        self.ledger = sent_ledger(settings)

    def _send(self, name: str, args: list[Any], task_id: str) -> None:
        if self.ledger is not None:  # first: a publish that fails is sent again by a sweep
            self.ledger.sent(task_id, name, args)
        self.app.send_task(name, args=args, task_id=task_id)

    def send(self, doc_id: str, sha256: str) -> None:
        self._send(TASK, [doc_id, sha256], f"{sha256}:{doc_id}")

    def send_push(self, doc_id: str, kind: str) -> None:
        """A stored result to push (`webhook` or `fhir`): scale/pushes.py."""
        self._send(PUSH_TASK, [doc_id, kind], f"{doc_id}:{kind}")

    def send_watch(self, rel: str, sha256: str, claim: str) -> None:
        """A claimed file of the watched folder, by its path under processing/: watch/queued.py."""
        self._send(WATCH_TASK, [rel], f"{sha256}:{claim}")

    def close(self) -> None:
        self.app.close()
        if self.ledger is not None:
            self.ledger.close()


def job_queue(settings: Settings) -> JobQueue | None:
    return JobQueue(settings) if settings.broker_url else None


def _outcome_recorded(service: DocumentService, doc_id: str, since: float) -> bool:
    """Whether the audit trail holds the document's outcome (processed or quarantined), not
    only its arrival (`document.received`)."""
    records = service.audit.records_about("document_id", {doc_id}, since).get(doc_id, [])
    return any(r.get("event") in OUTCOME_EVENTS and r.get("document_id") == doc_id for r in records)


def run_job(service: DocumentService, doc_id: str, sha256: str, lease: float) -> str:
    """One delivery of a task: "unknown", "done" (already), "busy" (retry later) or "processed"."""
    row = service.store.document(doc_id)
    if row is None or row.sha256 != sha256:
        return "unknown"
    if row.status != "queued":
        return "done"
    taken_over = row.updated_at > row.created_at
    if taken_over and time.time() - row.updated_at < lease:
        return "busy"
    if not service.store.claim_queued(doc_id, row.updated_at, time.time()):
        return "busy"
    audited = taken_over and _outcome_recorded(service, doc_id, row.created_at)
    original = service.vault.open(service.store.blob(doc_id, "original") or b"", doc_id)
    document = ingest.ingest_bytes(original, row.filename, source=row.source, actor=row.owner)
    if taken_over:
        log.info("job %s: taken over from a worker that died%s", doc_id,
                 " after auditing it" if audited else "")  # fmt: skip
    service.run_queued(doc_id, document, already_audited=audited)
    return "processed"
