"""`classifier watch --workers N`: this process scans and claims, N workers process.

This process holds the folder's lock, claims ready files (the same atomic rename as one
watcher), and hands each claim to a worker process (scale/workers.py), which runs the one-process
`Watcher.handle` on it: the ledger, the outputs, the archive and the audit records are exactly
those of a one-process watcher, so the crash safety is the same. Before any new claim, one
worker finishes what an earlier run left in processing/. Two files with the same content are
never handled at once (the second waits for the first and is then recorded as a duplicate).
Audit records are written by the workers as documents finish: a document's records precede its
ledger mark, which is what makes a restart after kill -9 record nothing twice. This process
purges archive/ and quarantine/ by `retention_days` (hourly, audited `watch.purged`), as one
watcher does.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from classifier.audit.log import AuditLog
from classifier.ml.text_classifier import file_sha256
from classifier.scale.workers import TaskLost, WorkerPool
from classifier.settings import Settings
from classifier.watch.watcher import Watcher, watcher_from_settings

log = logging.getLogger(__name__)
_watchers: dict[tuple[str, bool], Watcher] = {}  # in a worker: one Watcher per folder


def watch_task(pipeline: Any, payload: tuple[str, str, bool, str], failed: bool) -> Any:
    """In a worker: ("recover", root, keep, "") -> claims finished; ("handle", root, keep,
    path) -> the outcome counted. A claim whose first worker died is handled as a recovery."""
    action, root, keep, path = payload
    watcher = _watchers.get((root, keep))
    if watcher is None:
        watcher = _watchers[(root, keep)] = Watcher(pipeline, root, keep_originals=keep)
    if action == "recover":
        return watcher.recover()
    return watcher.handle_safely(Path(path), recovering=failed)


class ParallelWatcher:
    def __init__(self, settings: Settings, root: str | Path, workers: int) -> None:
        # this process only scans, claims and purges: its Watcher never runs a pipeline, and
        # the audit trail (for `watch.purged`) is all it uses of one
        self.audit = AuditLog.from_settings(settings)
        self.watcher = watcher_from_settings(
            cast(Any, SimpleNamespace(audit=self.audit)), settings, root
        )
        self.settings = settings
        self.workers = workers
        self.counts: Counter[str] = Counter()
        self._root = str(self.watcher.dirs.root)
        self._inflight: dict[int, str] = {}  # task id -> sha256
        self._waiting: list[tuple[Path, str]] = []  # claims whose content is in flight

    def run(self, stop: threading.Event | None = None, until_idle: bool = False) -> Counter[str]:
        stop = stop or threading.Event()
        self.watcher.lock()
        try:
            with WorkerPool(self.settings, self.workers, watch_task) as pool:
                self._recover(pool)
                while not stop.is_set():
                    self.watcher.purge_expired()  # hourly
                    self._claim_ready(pool)
                    self._collect(pool.step(timeout=self.watcher.poll_seconds))
                    self._release_waiting(pool)
                    if until_idle and self._idle(pool):
                        break
                while pool.busy or self._waiting:
                    self._collect(pool.step(timeout=None))
                    self._release_waiting(pool)
        finally:
            self.watcher.unlock()
            self.audit.close()  # a signed checkpoint over the last record
        return self.counts

    def _payload(self, action: str, path: str = "") -> tuple[str, str, bool, str]:
        return action, self._root, self.watcher.keep_originals, path

    def _recover(self, pool: WorkerPool) -> None:
        task = pool.submit(self._payload("recover"))
        while True:
            done = pool.step(timeout=None)
            if task in done:
                if isinstance(done[task], int) and done[task]:
                    log.info("watch: recovered %d claim(s) left by an earlier run", done[task])
                return

    def _claim_ready(self, pool: WorkerPool) -> None:
        for path in self.watcher.scanner.scan():
            if pool.busy >= 2 * pool.size:
                return  # the rest stays in the inbox until workers are free
            self.watcher.scanner.forget(path)
            claim = self.watcher.claim(path)
            if claim is not None:
                self._submit(pool, claim, file_sha256(claim))

    def _submit(self, pool: WorkerPool, claim: Path, sha: str) -> None:
        if sha in self._inflight.values():
            self._waiting.append((claim, sha))
        else:
            self._inflight[pool.submit(self._payload("handle", str(claim)))] = sha

    def _collect(self, done: dict[int, Any]) -> None:
        for task, outcome in done.items():
            self._inflight.pop(task, None)
            self.counts["failed" if isinstance(outcome, TaskLost) else str(outcome)] += 1
        if done:
            self._log_progress()

    def _release_waiting(self, pool: WorkerPool) -> None:
        waiting, self._waiting = self._waiting, []
        for claim, sha in waiting:
            self._submit(pool, claim, sha)

    def _idle(self, pool: WorkerPool) -> bool:
        return not (pool.busy or self._waiting or self.watcher.scanner.pending)

    def _log_progress(self) -> None:
        done = sum(self.counts.values())
        if done % self.watcher.progress_every == 0:
            summary = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items()))
            log.info("watch: %d done (%s) at %.0f", done, summary, time.time())
