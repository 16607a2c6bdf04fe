"""The watched folder on Celery (broker_url set): the watcher claims, `classifier worker`s
process.

The watcher (`classifier watch`, or `serve` with `watch_dir`) holds the folder's lock, claims
ready files with the same atomic rename as ever, and sends one task per claim,
`classifier.watch_file(<path under processing/>)`, id `<sha256>:<claim>`. A worker whose
`watch_dir` is the same folder (mounted on every node) runs the one-process `Watcher.handle`
on it: ledger, outputs in outbox/ review/ quarantine/, archive and audit records exactly as
one watcher writes them, so a kill -9 anywhere still loses and doubles nothing:

  - a task delivered again after its claim was finished finds the claim gone: nothing done;
  - a worker killed mid-document leaves the claim, and `.claimed` in the ledger: the next
    delivery rebuilds without a second audit record if the pipeline had recorded it;
  - two claims with the same content, or two deliveries of one claim, never run at once: the
    content's lock file (`.watch/locks/<sha256>`) is taken without waiting, and a task that
    finds it held is retried a moment later (then: the claim is gone, or a duplicate);
  - claims a killed watcher left in processing/ are sent again when it starts.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from pathlib import Path, PurePosixPath
from types import SimpleNamespace
from typing import Any, cast

from classifier.audit.log import AuditLog
from classifier.errors import ConfigError
from classifier.ml.text_classifier import file_sha256
from classifier.pipeline import Pipeline
from classifier.scale.jobs import JobQueue
from classifier.scale.locks import try_lock
from classifier.settings import Settings
from classifier.watch.watcher import STAGING, Watcher, watcher_from_settings

log = logging.getLogger(__name__)
BUSY_RETRY_S = 2.0
_watchers: dict[str, Watcher] = {}  # in a worker: the Watcher of its watch_dir


def same_folder(settings: Settings, root: str | Path) -> None:
    """With broker_url, workers take claims from their own `watch_dir`: the watcher must
    watch that folder."""
    if not settings.watch_dir or Path(settings.watch_dir).resolve() != Path(root).resolve():
        raise ConfigError(
            "with broker_url the watched folder is the watch_dir setting (the workers' too)"
        )


def _claimed_file(watcher: Watcher, rel: str) -> Path | None:
    """The claimed file a task names, only if it is one: under processing/<claim>/, not staged."""
    parts = PurePosixPath(rel).parts
    if len(parts) < 2 or PurePosixPath(rel).is_absolute() or {"..", ".", STAGING} & set(parts):
        return None
    return watcher.dirs.processing.joinpath(*parts)


def handle_claim(pipeline: Pipeline, settings: Settings, rel: str) -> str:
    """In a worker: "gone" (finished already, or not a claim), "busy" (the same content is in
    hand elsewhere: retry) or the outcome counted (outbox, review, quarantine, duplicate)."""
    if not settings.watch_dir:
        log.error("watch task refused: this worker has no watch_dir")
        return "gone"
    watcher = _watchers.get(settings.watch_dir)
    if watcher is None:
        watcher = _watchers[settings.watch_dir] = watcher_from_settings(pipeline, settings)
    path = _claimed_file(watcher, rel)
    if path is None or not path.is_file():
        return "gone"
    try:
        sha = file_sha256(path)
    except FileNotFoundError:  # finished by another worker just now
        return "gone"
    with try_lock(watcher.dirs.state / "locks" / sha) as held:
        if held is None:
            return "busy"
        if not path.is_file():  # finished by the holder we waited behind
            return "gone"
        outcome = watcher.handle_safely(path, recovering=True)
        if outcome != "failed":
            held.finish()
        return outcome


class QueuedWatcher:
    """The watcher's side: scan, claim, send; and purge archive/ and quarantine/ by
    `retention_days`, as one watcher does (audited as `watch.purged` to `audit`: the web
    node's trail under `serve`, else one this watcher opens and closes)."""

    def __init__(self, settings: Settings, root: str | Path, audit: Any = None) -> None:
        same_folder(settings, root)
        self._own_audit = audit is None
        self.audit = AuditLog.from_settings(settings) if audit is None else audit
        # this process never runs a pipeline: its Watcher scans, claims and purges, and the
        # audit trail is all it uses of one
        claims_only = cast(Pipeline, SimpleNamespace(audit=self.audit))
        self.watcher = watcher_from_settings(claims_only, settings, root)
        self.jobs = JobQueue(settings)
        self.counts: Counter[str] = Counter()

    def run(self, stop: threading.Event | None = None, until_idle: bool = False) -> Counter[str]:
        """Send the claims an earlier run left, then claim and send until `stop` (or, with
        `until_idle`, until nothing is left in the inbox)."""
        stop = stop or threading.Event()
        self.watcher.lock()
        try:
            self._resend_left()
            while not stop.is_set():
                self.watcher.purge_expired()  # hourly
                sent = self._claim_ready(stop)
                if until_idle and not sent and not self.watcher.scanner.pending:
                    break
                stop.wait(self.watcher.poll_seconds)
        finally:
            self.watcher.unlock()
            self.jobs.close()
            if self._own_audit:  # a signed checkpoint over the last record
                self.audit.close()
        return self.counts

    def _send(self, path: Path) -> None:
        rel = path.relative_to(self.watcher.dirs.processing)
        self.jobs.send_watch(rel.as_posix(), file_sha256(path), rel.parts[0])
        self.counts["queued"] += 1

    def _resend_left(self) -> None:
        left = 0
        for claim in sorted(self.watcher.dirs.processing.iterdir()):
            for path in claim.rglob("*"):
                if path.is_file() and STAGING not in path.relative_to(claim).parts:
                    self._send(path)
                    left += 1
        if left:
            log.info("watch: %d claim(s) left by an earlier run sent again", left)

    def _claim_ready(self, stop: threading.Event) -> int:
        sent = 0
        for path in self.watcher.scanner.scan():
            if stop.is_set():
                break
            self.watcher.scanner.forget(path)
            claim = self.watcher.claim(path)
            if claim is not None:
                self._send(claim)
                sent += 1
        return sent


def start_in_background(settings: Settings, audit: Any) -> tuple[threading.Thread, threading.Event]:
    """`serve` with watch_dir and broker_url: the queued watcher in a daemon thread."""
    stop = threading.Event()
    watcher = QueuedWatcher(settings, settings.watch_dir, audit)
    thread = threading.Thread(target=watcher.run, args=(stop,), name="watcher", daemon=True)
    thread.start()
    return thread, stop
