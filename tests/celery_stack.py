"""The many-box mode on one box: the real WSGI server (`classifier serve` on 127.0.0.1) and
`classifier worker` processes on a Redis broker, a loopback webhook receiver, optionally a
watched folder, all on one state folder; and the count of what became of each document.
Used by tests/test_celery_kill9.py, benchmarks/celery_kill9.py and benchmarks/scale.py."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from classifier.audit.keys import load_keys
from classifier.audit.log import read_records
from classifier.audit.verify import verify
from classifier.pipeline import OUTCOME_EVENTS
from classifier.settings import ROOT
from classifier.watch.folders import document_id
from tests.documents import CLINICAL_NOTE, CONTRACT, GIBBERISH
from tests.loopback import Receiver
from tests.server_process import Server, cli, state_env

# a database of these tests' own (tests/test_celery_jobs.py empties 15); queues named per run
REDIS_URL = os.environ.get("TEST_CELERY_REDIS_URL", "redis://127.0.0.1:6379/13")
FINAL = ("processed", "quarantined")
PUSHED = ("redact", "pass")


def drop_queue(queue: str) -> int:
    """Delete a run's queue and its bindings from the Redis database; the tasks it held."""
    import redis

    with redis.Redis.from_url(REDIS_URL) as client:
        waiting = int(client.llen(queue))
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    return waiting


def mixed_document(i: int) -> str | bytes:
    """Distinct documents: most are pushed (redact), some held (review), some quarantined
    (bytes: a file upload)."""
    if i % 10 == 9:
        return b"%PDF-1.4\n" + f"broken {i}".encode() + b"\n%%EOF"  # corrupt
    if i % 10 == 8:
        return f"{GIBBERISH} {i}"
    base = CONTRACT if i % 3 else CLINICAL_NOTE
    return f"Document {i}: call Ann Lee at 555-867-{i:04d}.\n\n{base}"


class Stack:
    def __init__(self, tmp: Path, workers: int = 2, watch: bool = False, **settings: str):
        tmp.mkdir(parents=True, exist_ok=True)
        self.tmp, self.receiver = tmp, Receiver()
        self.queue = f"stack-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        values = {"broker_url": REDIS_URL, "broker_queue": self.queue, "job_workers": "1",
                  "max_document_seconds": "20", "webhook_url": self.receiver.url,
                  "webhook_backoff_ms": "200", "worker_max_rss_mb": "0"}  # fmt: skip
        if watch:
            values |= {"watch_dir": str(tmp / "watch"), "watch_stable_ms": "300"}
            values |= {"watch_poll_ms": "200"}
        self.env = state_env(tmp, **(values | settings)) | {"OMP_NUM_THREADS": "1"}
        self.token = cli(self.env, "tokens", "create", "--role", "submitter").strip()
        self.starts = [0] * workers  # a restarted worker logs to a file of its own
        self.started = time.monotonic()
        self.workers = [self._worker(i) for i in range(workers)]
        self.server = Server(self.env, tmp / "server.log").wait_ready()

    # processes ------------------------------------------------------------------------------
    def _log(self, i: int) -> Path:
        return self.tmp / f"worker{i}-{self.starts[i]}.log"

    def _worker(self, i: int) -> subprocess.Popen[bytes]:
        with self._log(i).open("ab") as out:
            command = [sys.executable, "-m", "classifier.cli.main", "worker"]
            return subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out,
                                    stderr=subprocess.STDOUT)  # fmt: skip

    def wait_workers_ready(self, timeout: float = 600) -> float:
        """Seconds from the workers' start until every one says it is ready (Celery's
        `ready.` line; all started at once)."""
        deadline = time.monotonic() + timeout
        while not all(" ready." in self._log(i).read_text("utf-8", "replace")
                      for i in range(len(self.workers))):  # fmt: skip
            assert all(w.poll() is None for w in self.workers), "a worker exited"
            assert time.monotonic() < deadline, "workers not ready"
            time.sleep(0.2)
        return time.monotonic() - self.started

    def in_hand(self, i: int) -> int:
        """Tasks worker `i` has taken and not finished, from its log (prefetch 1: 0 or 1)."""
        text = self._log(i).read_text("utf-8", "replace")
        ended = sum(text.count(s) for s in ("] succeeded in ", "] retry: ", "] raised "))
        return text.count("] received") - ended

    def kill_busy(self, i: int, timeout: float = 120) -> bool:
        """SIGKILL worker `i` once it holds a task (its task unacknowledged: delivered again
        after the visibility timeout); True if it held one when killed."""
        deadline = time.monotonic() + timeout
        while not self.in_hand(i) and time.monotonic() < deadline:
            time.sleep(0.02)
        busy = self.in_hand(i) > 0
        self.workers[i].send_signal(signal.SIGKILL)
        self.workers[i].wait()
        return busy

    def taken_over(self) -> int:
        """Jobs a worker took over from one that died (scale/jobs.py logs each), every log."""
        logs = self.tmp.glob("worker*.log")
        return sum(p.read_text("utf-8", "replace").count("taken over from a worker") for p in logs)

    def restart(self, i: int) -> None:
        self.starts[i] += 1
        self.workers[i] = self._worker(i)

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
        for worker in self.workers:
            try:
                worker.wait(60)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
        self.server.stop()
        self.receiver.close()
        drop_queue(self.queue)

    # documents ------------------------------------------------------------------------------
    def submit_text(self, text: str) -> str:
        status, body = self.server.call("/api/v1/documents?wait=false", self.token, {"text": text})
        assert status == 202, body
        return str(body["id"])

    def submit_mixed(self, i: int) -> str:
        content = mixed_document(i)
        if isinstance(content, bytes):
            return self.submit_file(f"scan-{i}.pdf", content)
        return self.submit_text(content)

    def submit_file(self, name: str, content: bytes) -> str:
        boundary = uuid.uuid4().hex
        data = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"'
                f"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()  # fmt: skip
        data += content + f"\r\n--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.server.base + "/api/v1/documents?wait=false",
            data=data,
            headers={"Authorization": f"Bearer {self.token}",
                     "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 202
            return str(json.load(answer)["id"])

    def finished(self, ids: list[str]) -> int:
        statuses = self.server.statuses(self.token)
        return sum(statuses.get(i) in FINAL for i in ids)

    def wait_finished(self, ids: list[str], count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.finished(ids) < count:
            assert time.monotonic() < deadline, f"{self.finished(ids)} of {count} finished"
            time.sleep(0.2)

    def drop(self, name: str, content: bytes) -> str:
        """A file dropped in the watched inbox; its watch document id."""
        inbox = self.tmp / "watch" / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        (inbox / f".{name}.part").write_bytes(content)
        os.replace(inbox / f".{name}.part", inbox / name)
        import hashlib

        return document_id(hashlib.sha256(content).hexdigest())

    def watch_results(self) -> int:
        """Results placed by the watched folder's tasks (one .json per document)."""
        root = self.tmp / "watch"
        kinds = ("outbox", "review", "quarantine")
        return sum(1 for k in kinds for p in (root / k).rglob("*.json") if p.is_file())

    # the count ------------------------------------------------------------------------------
    def account(self, ids: list[str], watched: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]
        """What became of each document: its status, its outcome records in the audit trail,
        the webhook deliveries the receiver took and audited, `audit verify`."""
        statuses = self.server.statuses(self.token)
        records = read_records(self.tmp / "audit")
        outcomes = collections.Counter(
            r["document_id"] for r in records if r["event"] in OUTCOME_EVENTS
        )
        actions = {r["document_id"]: r.get("action") for r in records
                   if r["event"] == "document.processed"}  # fmt: skip
        pushed = {i for i in ids if actions.get(i) in PUSHED}
        audited_success = collections.Counter(
            r["document_id"] for r in records
            if r["event"] == "webhook.attempt" and r.get("outcome") == "success"
        )  # fmt: skip
        delivered = collections.Counter(
            json.loads(body)["id"] for status, _, body in self.receiver.received if status == 200
        )
        report = verify(self.tmp / "audit", load_keys(self.tmp / "var" / "keys"))
        return {
            "documents": len(ids),
            "final": dict(collections.Counter(statuses.get(i, "missing") for i in ids)),
            "lost": sum(statuses.get(i) not in FINAL for i in ids),
            "audited_twice": sum(outcomes[i] > 1 for i in [*ids, *watched]),
            "not_audited": sum(outcomes[i] == 0 for i in [*ids, *watched]),
            "to_push": len(pushed),
            "delivered_twice": sum(delivered[i] > 1 for i in pushed),
            "not_delivered": sum(delivered[i] == 0 for i in pushed),
            "delivered_unasked": sum(1 for i in delivered if i not in pushed),
            "deliveries_audited_twice": sum(audited_success[i] > 1 for i in pushed),
            "webhook_posts": len(self.receiver.received),
            "watched": len(watched),
            "watch_results": self.watch_results(),
            "audit_verify": report.summary(),
        }


def settle(stack: Stack, ids: list[str], watched: list[str], timeout: float) -> dict[str, Any]:
    """Wait until every document is finished, pushed (Celery retries with backoff) and every
    watched file has its result, or `timeout`; then the count."""
    deadline = time.monotonic() + timeout
    stack.wait_finished(ids, len(ids), timeout)
    while True:
        count = stack.account(ids, watched)
        waiting = count["not_delivered"] or count["watch_results"] < count["watched"]
        if not waiting or time.monotonic() > deadline:
            return count
        time.sleep(0.5)


def clean(count: dict[str, Any]) -> bool:
    """Every document processed or quarantined, audited and (if final) delivered exactly once."""
    zero = ("lost", "audited_twice", "not_audited", "delivered_twice", "not_delivered",
            "delivered_unasked", "deliveries_audited_twice")  # fmt: skip
    return (
        not any(count[k] for k in zero)
        and count["watch_results"] == count["watched"]
        and str(count["audit_verify"]).startswith("OK")
    )
