"""Webhook and FHIR push deliveries as Celery tasks (broker_url set).

The node that stores a final result (a processed document whose action is redact or pass, or a
review release) sends `classifier.push_result(doc_id, kind)` (kind `webhook` or `fhir`), id
`<doc_id>:<kind>`, instead of delivering on a thread of its own. A `classifier worker` runs it:
it reads the stored result (redacted text only; the broker carries ids, never content), signs
it and POSTs it once with the sender of `classifier/service/webhook.py` (same key, same
egress allowlist, same audit event per attempt); on a failure the task is retried by Celery
after `webhook_backoff_ms`, doubled each time, up to `webhook_attempts` tries.

The audit trail is the ledger: the attempts already audited for the document give the next
attempt's number, and a `success` or `refused` record ends the delivery. A task delivered
again (a worker killed before it acknowledged) therefore neither posts nor audits a second
time, and one running on another worker at the same moment finds the document's lock file
held and is retried later. What no one can close: a worker killed after the receiver took the
POST and before the audit record is written posts it again; the body's `id` lets a receiver
drop the repeat.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifier.scale.locks import try_lock

if TYPE_CHECKING:
    from classifier.service.documents import DocumentService
    from classifier.service.store import DocumentRow
    from classifier.service.webhook import WebhookSender

log = logging.getLogger(__name__)
BUSY_RETRY_S = 2.0  # another worker holds this delivery
FINAL_ACTIONS = ("redact", "pass")
ENDED = ("success", "refused")


def senders(service: DocumentService) -> dict[str, WebhookSender]:
    found = {"webhook": service.webhook, "fhir": service.fhir_push}
    return {kind: sender for kind, sender in found.items() if sender is not None}


def is_final(row: DocumentRow) -> bool:
    """Whether the row's result is one that is pushed (as `DocumentService` pushes it)."""
    if row.status != "processed" or row.purged_at:
        return False
    return row.review_state == "released" or (
        row.review_state is None and row.action in FINAL_ACTIONS
    )


def resend(service: DocumentService, doc_id: str) -> None:
    """A job task delivered again after its document was stored: the worker may have died
    before it sent the pushes, so they are sent again; a delivered one does nothing."""
    row = service.store.document(doc_id)
    if service.jobs is not None and row is not None and is_final(row):
        for kind in senders(service):
            service.jobs.send_push(doc_id, kind)


def _attempts(service: DocumentService, sender: WebhookSender, row: DocumentRow) -> list[Any]:
    records = service.audit.records_about("document_id", {row.id}, row.created_at)
    return [
        r for r in records.get(row.id, [])
        if r.get("event") == sender.event and r.get("document_id") == row.id
    ]  # fmt: skip


def lock_path(service: DocumentService, doc_id: str, kind: str) -> Path:
    return Path(service.settings.data_dir) / "push-locks" / f"{doc_id}.{kind}"


def push_once(service: DocumentService, doc_id: str, kind: str) -> float | None:
    """One run of a push task: None when the delivery is over (delivered, refused, given up,
    nothing to push), else the seconds after which the task should run again."""
    sender = senders(service).get(kind)
    row = service.store.document(doc_id)
    if sender is None or row is None or not is_final(row):
        return None
    with try_lock(lock_path(service, doc_id, kind)) as held:
        if held is None:
            return BUSY_RETRY_S
        tried = _attempts(service, sender, row)
        if any(r.get("outcome") in ENDED for r in tried) or len(tried) >= sender.attempts:
            held.finish()
            return None
        sealed = service.store.blob(doc_id, "result") or b""
        record = json.loads(service.vault.open(sealed, doc_id))
        attempt = len(tried) + 1
        outcome = sender.attempt(doc_id, sender.body(record), attempt)
        if outcome == "failure" and attempt < sender.attempts:
            return sender.delay_after(attempt)
        if outcome == "failure":
            log.warning("webhook gave up on document %s after %d attempts", doc_id, attempt)
        held.finish()
        return None
