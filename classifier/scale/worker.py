"""`classifier worker`: a Celery worker (solo pool: one process, the models loaded once; run
one per core) for every task a node sends on `broker_url` (scale/jobs.py):

  classifier.process_document(doc_id, sha256)   a `?wait=false` submission   scale/jobs.py
  classifier.push_result(doc_id, kind)          a webhook or FHIR push        scale/pushes.py
  classifier.watch_file(path under processing/) a watched folder's claim      watch/queued.py

Each is safe to run again (late acknowledgement redelivers a dead worker's task) and says when
to be retried; none carries document content.
"""

from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, Any

from classifier.scale import pushes
from classifier.scale.jobs import (
    PUSH_TASK,
    TASK,
    WATCH_TASK,
    celery_app,
    lease_seconds,
    run_job,
    sent_ledger,
)
from classifier.scale.ledger import ENDED_STATES, SentLedger, start_sweeper
from classifier.settings import Settings
from classifier.watch import queued

if TYPE_CHECKING:
    from classifier.service.documents import DocumentService


def worker_app(
    settings: Settings, service: DocumentService, ledger: SentLedger | None = None
) -> Any:
    from celery import signals

    app = celery_app(settings)
    lease = lease_seconds(settings)
    if ledger is not None:

        def task_ended(task_id: str = "", state: str = "", **_: Any) -> None:
            if state in ENDED_STATES:  # a retry stays in the ledger
                ledger.ended(task_id)

        signals.task_postrun.connect(task_ended, weak=False)

    @app.task(name=TASK, bind=True, max_retries=None)
    def process_document(task: Any, doc_id: str, sha256: str) -> None:
        outcome = run_job(service, doc_id, sha256, lease)
        if outcome == "busy":
            raise task.retry(countdown=lease)
        if outcome == "done":  # delivered again: the pushes may not have been sent
            pushes.resend(service, doc_id)

    @app.task(name=PUSH_TASK, bind=True, max_retries=None)
    def push_result(task: Any, doc_id: str, kind: str) -> None:
        wait = pushes.push_once(service, doc_id, kind)
        if wait is not None:
            raise task.retry(countdown=wait)

    @app.task(name=WATCH_TASK, bind=True, max_retries=None)
    def watch_file(task: Any, rel: str) -> None:
        if queued.handle_claim(service.pipeline, settings, rel) == "busy":
            raise task.retry(countdown=queued.BUSY_RETRY_S)

    return app


def worker_command(settings: Settings) -> int:
    """`classifier worker`: takes tasks until SIGTERM (finishes the current one first)."""
    from classifier.bootstrap import bootstrap
    from classifier.errors import ConfigError
    from classifier.service.documents import DocumentService

    if not settings.broker_url:
        raise ConfigError("classifier worker needs the broker_url setting (redis:// or amqp://)")
    pipeline = bootstrap(settings).pipeline
    pipeline.audit.claim()  # a second machine with this node_id fails here, with the reason
    service = DocumentService(settings, pipeline)
    ledger = sent_ledger(settings)
    name = f"classifier-{os.getpid()}@{socket.gethostname()}"
    argv = ["worker", "--pool=solo", "--loglevel=INFO", "-Q", settings.broker_queue, "-n", name,
            "--without-gossip", "--without-mingle", "--without-heartbeat"]  # fmt: skip
    app = worker_app(settings, service, ledger)
    stop = start_sweeper(ledger, app) if ledger is not None else None
    try:
        app.worker_main(argv=argv)
    finally:
        if stop is not None:
            stop.set()
        if ledger is not None:
            ledger.close()
        service.close()
        pipeline.audit.release()
    return 0
