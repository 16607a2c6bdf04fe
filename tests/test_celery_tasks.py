# ruff: noqa: F811  (the receiver fixture imported from tests/loopback.py)
"""The Celery tasks for watched files and webhook deliveries, one delivery at a time, with the
real pipeline, files, audit trail, loopback receiver and Redis: a task delivered again neither
processes, posts nor audits twice; two at once for the same key do not both run."""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from classifier.audit.log import read_records
from classifier.errors import ConfigError
from classifier.pipeline import OUTCOME_EVENTS, Pipeline
from classifier.scale import pushes
from classifier.scale.jobs import WATCH_TASK
from classifier.scale.locks import try_lock
from classifier.security.access import Principal
from classifier.service.documents import DocumentService
from classifier.settings import Settings, load_settings
from classifier.watch import queued
from classifier.watch.watcher import Watcher
from tests.celery_stack import REDIS_URL, drop_queue
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.loopback import receiver  # noqa: F401

SUBMITTER = Principal("token", "records", "submitter")


def _settings(test_settings: Settings, **extra: Any) -> Settings:
    queue = f"tasks-{uuid.uuid4().hex[:12]}"  # this test's own queue, deleted after
    values = {**test_settings, "broker_url": REDIS_URL, "broker_queue": queue, **extra}
    return load_settings(overrides=values, environ={})


def _drop_queue(settings: Settings) -> int:
    return drop_queue(settings.broker_queue)


def _events(pipeline: Pipeline, event: str) -> list[dict[str, Any]]:
    return [r for r in read_records(pipeline.audit.directory) if r["event"] == event]


# webhook deliveries ---------------------------------------------------------------------------
PUSHES = {
    "webhook": ("webhook_url", "webhook.attempt"),
    "fhir": ("fhir_push_url", "fhir.push.attempt"),
}


@pytest.fixture(params=sorted(PUSHES))
def service(
    pipeline: Pipeline, test_settings: Settings, receiver, request
) -> Iterator[DocumentService]:  # type: ignore[no-untyped-def]
    url, _ = receiver
    setting, _ = PUSHES[request.param]
    settings = _settings(test_settings, webhook_backoff_ms=200, **{setting: url})
    running = DocumentService(settings, pipeline)
    yield running
    running.close()
    _drop_queue(settings)


def test_a_push_task_retries_with_backoff_and_runs_once(service, receiver) -> None:  # type: ignore[no-untyped-def]
    _, received = receiver
    ((kind, sender),) = pushes.senders(service).items()
    submitted = service.submit_text(CLINICAL_NOTE, SUBMITTER, "api")  # processed here
    doc_id = submitted.row.id
    assert submitted.result["action"] == "redact" and not received  # a task, not a thread
    assert _drop_queue(service.settings) == 1  # the push task, sent to the broker
    waits = [pushes.push_once(service, doc_id, kind) for _ in range(4)]
    assert waits == [0.2, 0.4, None, None]  # 503, 500, 200; then delivered again: nothing
    assert [r[0] for r in received] == [503, 500, 200]
    assert received[-1][1]["Content-Type"] == sender.content_type
    assert all(v not in received[-1][2].decode() for v in PLANTED)  # redacted text only
    attempts = _events(service.pipeline, PUSHES[kind][1])
    assert [(a["attempt"], a["outcome"]) for a in attempts] == [
        (1, "failure"),
        (2, "failure"),
        (3, "success"),
    ]
    assert not pushes.lock_path(service, doc_id, kind).exists()  # finished: removed


def test_a_push_held_elsewhere_waits_and_one_outside_the_allowlist_is_refused(
    pipeline: Pipeline, test_settings: Settings
) -> None:
    settings = _settings(test_settings, webhook_url="http://192.0.2.1/hook")
    service = DocumentService(settings, pipeline)
    try:
        doc_id = service.submit_text(CLINICAL_NOTE, SUBMITTER, "api").row.id
        with try_lock(pushes.lock_path(service, doc_id, "webhook")) as held:
            assert held is not None
            assert pushes.push_once(service, doc_id, "webhook") == pushes.BUSY_RETRY_S
        assert pushes.push_once(service, doc_id, "webhook") is None
        assert pushes.push_once(service, doc_id, "webhook") is None
    finally:
        service.close()
        _drop_queue(settings)
    (attempt,) = _events(pipeline, "webhook.attempt")
    assert attempt["outcome"] == "refused"


# watched files --------------------------------------------------------------------------------
@pytest.fixture
def watch_settings(test_settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    settings = _settings(test_settings, watch_dir=str(tmp_path / "watch"), watch_stable_ms=0)
    yield settings
    _drop_queue(settings)


def _claim(settings: Settings, name: str, content: bytes) -> str:
    """A file dropped and claimed (as the watcher does); its path under processing/."""
    watcher = Watcher(None, settings.watch_dir)  # type: ignore[arg-type]  # claims only
    (watcher.dirs.inbox / name).write_bytes(content)
    claim = watcher.claim(watcher.dirs.inbox / name)
    assert claim is not None
    return claim.relative_to(watcher.dirs.processing).as_posix()


def test_a_watch_task_delivered_again_does_nothing(
    pipeline: Pipeline, watch_settings: Settings
) -> None:
    rel = _claim(watch_settings, "note.txt", CLINICAL_NOTE.encode())
    assert queued.handle_claim(pipeline, watch_settings, rel) == "outbox"
    assert queued.handle_claim(pipeline, watch_settings, rel) == "gone"
    again = _claim(watch_settings, "copy.txt", CLINICAL_NOTE.encode())  # same content
    assert queued.handle_claim(pipeline, watch_settings, again) == "duplicate"
    assert queued.handle_claim(pipeline, watch_settings, again) == "gone"
    assert len(_events(pipeline, "document.processed")) == 1
    assert len(_events(pipeline, "watch.duplicate")) == 1
    outbox = Path(watch_settings.watch_dir) / "outbox" / "anonymous"
    assert len(list(outbox.glob("*.json"))) == 1
    for bad in ("../inbox/x.txt", "/etc/passwd", "claim/.out/x.json", "x.txt"):
        assert queued.handle_claim(pipeline, watch_settings, bad) == "gone"


def test_the_same_content_in_hand_elsewhere_is_retried(
    pipeline: Pipeline, watch_settings: Settings
) -> None:
    import hashlib

    content = f"Held {CLINICAL_NOTE}".encode()
    rel = _claim(watch_settings, "held.txt", content)
    lock = Path(watch_settings.watch_dir) / ".watch" / "locks" / hashlib.sha256(content).hexdigest()
    with try_lock(lock) as held:
        assert held is not None
        assert queued.handle_claim(pipeline, watch_settings, rel) == "busy"
    assert queued.handle_claim(pipeline, watch_settings, rel) == "outbox"
    assert len([r for r in read_records(pipeline.audit.directory)
                if r["event"] in OUTCOME_EVENTS]) == 1  # fmt: skip


def test_the_watcher_sends_claims_and_resends_those_left(watch_settings: Settings) -> None:
    import redis

    left = _claim(watch_settings, "left.txt", b"left by a killed watcher")
    inbox = Path(watch_settings.watch_dir) / "inbox"
    (inbox / "new.txt").write_bytes(b"dropped now")
    old = Path(watch_settings.watch_dir) / "archive" / "anonymous" / "old.txt"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"archived long ago")
    os.utime(old, (time.time() - 40 * 86400,) * 2)  # past retention_days (30)
    counts = queued.QueuedWatcher(watch_settings, watch_settings.watch_dir).run(until_idle=True)
    assert counts == {"queued": 2} and not any(inbox.iterdir())
    assert not old.exists()
    (purged,) = [r for r in read_records(watch_settings.audit_dir) if r["event"] == "watch.purged"]
    assert purged["files"] == 1
    with redis.Redis.from_url(REDIS_URL) as client:
        messages = client.lrange(watch_settings.broker_queue, 0, -1)
    sent = [json.loads(m) for m in messages]
    assert [m["headers"]["task"] for m in sent] == [WATCH_TASK, WATCH_TASK]
    args = sorted(json.loads(base64.b64decode(m["body"]))[0][0] for m in sent)
    assert args[0] == left and args[1].endswith("/new.txt")  # paths only, never content
    with pytest.raises(ConfigError):
        queued.QueuedWatcher(watch_settings, Path(watch_settings.watch_dir) / "other")
