"""`classifier batch --workers N`: the lines through N worker processes (scale/workers.py).

Each worker processes a line with an audit stand-in that keeps its records; this process
writes the result lines and those audit records in input order, so the output file and the
audit trail read the same as a one-process run. A line whose worker died is quarantined by
the next worker (`processing error`, the worker's death as detail, never retried).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from classifier.audit.log import AuditLog
from classifier.bootstrap import secure_process
from classifier.cli.batch import (
    SOURCE,
    count_lines,
    lines_of,
    open_lines,
    process_line,
    quarantine_line,
    write_records,
)
from classifier.errors import UNEXPECTED_REASON
from classifier.scale.recording_audit import AuditEvent, RecordingAudit, replay
from classifier.scale.workers import TaskLost, WorkerPool
from classifier.settings import Settings

WORKER_DIED = "the worker process died while processing this line"


def batch_task(
    pipeline: Any, payload: tuple[int, str], failed: bool
) -> tuple[dict[str, Any], list[AuditEvent]]:
    """In a worker: one line's record and the audit records it would write."""
    n, line = payload
    recorder = RecordingAudit()
    local = pipeline.replace(audit=recorder)
    if failed:
        record = quarantine_line(local, line, n, UNEXPECTED_REASON, WORKER_DIED)
    else:
        record = process_line(local, line, n)
    return record, recorder.events


def _lost(audit: AuditLog, n: int) -> dict[str, Any]:
    """A line whose quarantine too died with its worker: audited here, without its bytes."""
    doc_id = f"line-{n}"
    audit.record("document.quarantined", document_id=doc_id, source=SOURCE, outcome="quarantined",
                 reason=UNEXPECTED_REASON)  # fmt: skip
    return {"id": doc_id, "error": f"{UNEXPECTED_REASON}: {WORKER_DIED}"}


def run_batch_workers(
    settings: Settings, in_path: Path, out_path: Path, workers: int, progress: bool = True
) -> tuple[int, int]:
    """Returns (records written, error records)."""
    secure_process(settings)
    audit = AuditLog.from_settings(settings)
    total = count_lines(in_path)
    with open_lines(in_path) as src, WorkerPool(settings, workers, batch_task) as pool:
        numbers: list[int] = []  # the input line number of each task, in order

        def payloads() -> Iterator[tuple[int, str]]:
            for n, line in lines_of(src):
                numbers.append(n)
                yield n, line

        def records() -> Iterator[dict[str, Any]]:
            for i, answer in enumerate(pool.map(payloads())):
                if isinstance(answer, TaskLost):
                    yield _lost(audit, numbers[i])
                    continue
                record, events = answer
                replay(audit, events)
                yield record

        try:
            return write_records(records(), out_path, total, progress)
        finally:  # a signed checkpoint over the batch's last record
            audit.close()
