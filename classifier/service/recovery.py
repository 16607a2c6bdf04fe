"""Start-up reconciliation of `?wait=false` jobs that a crash (kill -9, power loss) left
unfinished, so that the database and the audit trail agree again.

A job is `queued` when accepted (202) and `running` once a worker takes it. At start-up every
row still in one of those states is matched with what the audit trail recorded for its id:

    audit says quarantined      settle: the row becomes quarantined with the recorded reason
    audit says processed        rebuild: the result is computed again from the sealed original
                                without a second audit record (the crash came before it was
                                stored), then stored and pushed as usual
    queued, nothing audited     resume: the job goes back to the workers (attachments the
                                audit already holds, `<id>.<n>`, are not recorded again)
    running, nothing audited    resume once; a job already resumed after being interrupted
                                while running is failed with a reason (it may be what stops
                                the service), its sealed original kept for a resubmission

Each step is audited (`job.reconciled`: the id, the state found, the step; never content).
`plan` is pure (rows and audit records in, steps out); `DocumentService.resume_jobs` applies it.
"""

from __future__ import annotations

import fcntl
import os
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.pipeline import OUTCOME_EVENTS
from classifier.service.store import DocumentRow

UNFINISHED = ("queued", "running")
RECONCILED_EVENT = "job.reconciled"
INTERRUPTED_TWICE = (
    "interrupted: the service stopped twice while processing it; the original is kept "
    "(sealed): submit it again"
)


@dataclass(frozen=True)
class Step:
    doc_id: str
    found: str  # the row's status at start-up: queued | running
    action: str  # settle | rebuild | resume | fail
    reason: str = ""  # settle: the recorded quarantine reason; fail: why
    recorded: frozenset[str] = frozenset()  # resume: attachments already audited (ids)


def plan(rows: Iterable[DocumentRow], history: Mapping[str, Sequence[Any]]) -> list[Step]:
    """What to do with each unfinished job, given the audit records about it."""
    return [_step(row, history.get(row.id, ())) for row in rows]


def _step(row: DocumentRow, records: Sequence[Any]) -> Step:
    outcomes = [r for r in records if r.get("event") in OUTCOME_EVENTS]
    outcome = next((r for r in outcomes if r.get("document_id") == row.id), None)
    if outcome is not None and outcome["event"] == "document.quarantined":
        return Step(row.id, row.status, "settle", str(outcome.get("reason", "")))
    if outcome is not None:
        return Step(row.id, row.status, "rebuild")
    if row.status == "running" and any(_resumed_while_running(r) for r in records):
        return Step(row.id, row.status, "fail", INTERRUPTED_TWICE)
    parts = frozenset(str(r["document_id"]) for r in outcomes)  # attachments audited already
    return Step(row.id, row.status, "resume", recorded=parts)


def _resumed_while_running(record: Any) -> bool:
    return bool(
        record.get("event") == RECONCILED_EVENT
        and record.get("found") == "running"
        and record.get("action") == "resume"
    )


class ReconcilerLock:
    """Held for the service's lifetime; released by `release()` or when garbage-collected."""

    def __init__(self, fd: int):
        self._release = weakref.finalize(self, os.close, fd)

    def release(self) -> None:
        self._release()


def hold_reconciler_lock(database: Path) -> ReconcilerLock | None:
    """One reconciler per database: the first service process to start holds this lock for
    its lifetime (a second process sharing the database must not take over running jobs).
    None when another live process holds it."""
    path = database.with_name(database.name + ".jobs.lock")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return ReconcilerLock(fd)
