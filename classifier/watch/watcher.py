"""The watched folder: files dropped in `inbox/` are processed exactly once, even across kill -9.

    DIR/inbox/[dept/[user/]]name    drop files here; the subfolder path is the audit actor
    DIR/processing/<claim>/...      a claimed file while it is processed (and its staged output)
    DIR/outbox/<actor>/             <sha16>-<stem>.redacted.txt + <sha16>-<name>.json
    DIR/review/<actor>/             the same, for documents the policy sends to review or blocks
    DIR/quarantine/<actor>/         <sha16>-<name> (the original) + <sha16>-<name>.reason.json
    DIR/archive/<actor>/            <sha16>-<name>: processed originals (setting watch_archive)
    DIR/.watch/                     the lock and the ledger of hashes (claimed, done)

The folders and the ledger are in watch/folders.py, finding ready files in watch/scanner.py;
this module is the loop. Every document goes through `Pipeline.process`, which quarantines and
audits whatever fails (files over the size limit, never read, through
`Pipeline.quarantine_unread`); the watcher keeps no catch-all of its own for documents.

Crash safety. A file is claimed by one atomic rename into `processing/<claim>/`. Its sha256
keys the ledger: a `.claimed` marker before the pipeline runs, a `.done` marker (outcome, where
the original goes) once every output is in place; only then does the original move to
`archive/`. The document id is derived from the sha256, so after a crash the watcher can tell
from the audit trail (`AuditLog.has_record`) whether the pipeline had already recorded the
document; if so it rebuilds
the outputs without a second audit record. Restarting therefore finishes every claim left in
`processing/` before it looks at the inbox again, and a file whose content was already done is
recorded as a duplicate (`watch.duplicate`) and archived, never processed twice.

Logs carry document ids, short hashes and counts: never file names or content.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from classifier.audit.log import NoAudit
from classifier.document import Quarantined, Result
from classifier.errors import ConfigError
from classifier.ml.text_classifier import file_sha256
from classifier.pipeline import Pipeline
from classifier.security.at_rest import make_private, private_dir, purge_older
from classifier.stages import emit, ingest
from classifier.watch.folders import Ledger, WatchDirs, bounded_name, document_id
from classifier.watch.scanner import Scanner
from classifier.watch.windows import Windows, parse_windows

log = logging.getLogger(__name__)

SOURCE = "watch"
PURGE_EVERY_S = 3600.0
DEFAULT_ACTOR = "anonymous"
STAGING = ".out"


class Watcher:
    def __init__(
        self,
        pipeline: Pipeline,
        root: str | Path,
        stable_seconds: float = 2.0,
        poll_seconds: float = 1.0,
        keep_originals: bool = True,
        progress_every: int = 50,
        clock: Callable[[], float] = time.monotonic,
        windows: Windows | None = None,
        retention_days: int = 0,
    ):
        self.dirs = WatchDirs(Path(root)).create()
        self.pipeline = pipeline
        self.poll_seconds = poll_seconds
        self.keep_originals = keep_originals
        self.progress_every = progress_every
        self.scanner = Scanner(self.dirs.inbox, stable_seconds, clock, windows)
        self.ledger = Ledger(self.dirs.state)
        self.counts: Counter[str] = Counter()
        self._claims = 0
        self._lock_file: IO[str] | None = None
        self._started = time.monotonic()
        self.retention_days = retention_days  # quarantine/ and archive/ (0: kept forever)
        self._last_purge: float | None = None

    # lifecycle -----------------------------------------------------------------------------
    def lock(self) -> None:
        """One watcher per folder: a second one would race for the same claims."""
        f = (self.dirs.state / "lock").open("a")
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            raise ConfigError(f"{self.dirs.root}: another watcher is running on it") from None
        self._lock_file = f

    def unlock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def run(self, stop: threading.Event | None = None) -> Counter[str]:
        """Recover unfinished claims, then poll until `stop` is set."""
        stop = stop or threading.Event()
        self.lock()
        try:
            self._log_start()
            self.recover()
            while not stop.is_set():
                self.poll(stop)
                stop.wait(self.poll_seconds)
        finally:
            self.unlock()
        self._progress(final=True)
        return self.counts

    def poll(self, stop: threading.Event | None = None) -> int:
        """One scan of the inbox; process every ready file. Returns how many."""
        self.purge_expired()
        ready = self.scanner.scan()
        for i, path in enumerate(ready):
            if stop is not None and stop.is_set():
                break
            self.scanner.forget(path)
            claim = self.claim(path)
            if claim is not None:
                self.handle_safely(claim)
                self._progress(waiting=len(ready) - i - 1)
        return len(ready)

    def purge_expired(self, now: float | None = None) -> int:
        """Originals kept in quarantine/ and archive/ go once older than `retention_days`,
        as the service's stored ones do (checked hourly; audited, with a count)."""
        now = time.time() if now is None else now
        if self._last_purge is not None and now - self._last_purge < PURGE_EVERY_S:
            return 0
        self._last_purge = now
        days = self.retention_days
        removed = sum(purge_older(d, days, now) for d in (self.dirs.quarantine, self.dirs.archive))
        if removed:
            self.pipeline.audit.record(
                "watch.purged", files=removed, retention_days=days, outcome="success"
            )
        return removed

    def handle_safely(self, claim: Path, recovering: bool = False) -> str:
        """A failure outside the pipeline (disk full, permissions) must not stop the watcher;
        the claim stays in processing/ and the next start finishes it. Returns the outcome."""
        try:
            return self.handle(claim, recovering)
        except Exception as exc:
            log.error(
                "watch: claim %s failed (%s); left in processing/ for the next start",
                claim.relative_to(self.dirs.processing).parts[0],
                type(exc).__name__,
            )
            self.counts["failed"] += 1
            return "failed"

    def run_until_idle(self, timeout: float = 60.0) -> Counter[str]:
        """Recover, then poll until the inbox is empty (tests, one-shot runs)."""
        self.lock()
        try:
            self._log_start()
            self.recover()
            deadline = time.monotonic() + timeout
            while self.poll() or self.scanner.pending:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"inbox not idle after {timeout}s")
                time.sleep(min(self.poll_seconds, 0.05))
        finally:
            self.unlock()
        self._progress(final=True)
        return self.counts

    def _log_start(self) -> None:
        log.info(
            "watching %s (stable %.1fs, poll %.1fs)",
            self.dirs.root,
            self.scanner.stable_seconds,
            self.poll_seconds,
        )

    def _progress(self, waiting: int = 0, final: bool = False) -> None:
        done = sum(self.counts.values())
        if not final and (not done or done % self.progress_every):
            return
        rate = done / max(time.monotonic() - self._started, 1e-9)
        summary = ", ".join(f"{k} {v}" for k, v in sorted(self.counts.items())) or "nothing"
        log.info("watch: %d done (%s), %d waiting, %.1f docs/s", done, summary, waiting, rate)

    # claims ---------------------------------------------------------------------------------
    def claim(self, path: Path) -> Path | None:
        """Move `path` into processing/<claim>/ with one rename; None if it went away."""
        self._claims += 1
        claim = self.dirs.processing / f"{time.time_ns():016x}-{os.getpid()}-{self._claims:06d}"
        target = claim / path.relative_to(self.dirs.inbox)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(path, target)
        except FileNotFoundError:
            shutil.rmtree(claim, ignore_errors=True)
            return None
        return target

    def recover(self) -> int:
        """Finish every claim a previous run left in processing/ (killed mid-way)."""
        recovered = 0
        for claim in sorted(self.dirs.processing.iterdir()):
            originals = [
                p
                for p in claim.rglob("*")
                if p.is_file() and STAGING not in p.relative_to(claim).parts
            ]
            for original in originals:
                self.handle(original, recovering=True)
                recovered += 1
            shutil.rmtree(claim, ignore_errors=True)
        if recovered:
            log.info("watch: recovered %d claim(s) left by an earlier run", recovered)
        return recovered

    def _claim_parts(self, path: Path) -> tuple[Path, str, str]:
        """(claim folder, actor, file name) of a file in processing/."""
        rel = path.relative_to(self.dirs.processing)
        claim = self.dirs.processing / rel.parts[0]
        folders = [ingest.safe_filename(p) for p in rel.parts[1:-1]]
        return claim, "/".join(folders) or DEFAULT_ACTOR, rel.parts[-1]

    # one document ---------------------------------------------------------------------------
    def handle(self, path: Path, recovering: bool = False) -> str:
        """Process one claimed file to the end; returns the outcome counted."""
        claim, actor, name = self._claim_parts(path)
        sha = file_sha256(path)
        done = self.ledger.done(sha)
        if done is not None:
            outcome = self._finish_done(path, claim, actor, sha, done, recovering)
        else:
            outcome = self._process(path, claim, actor, name, sha)
        shutil.rmtree(claim, ignore_errors=True)
        self.counts[outcome] += 1
        return outcome

    def _finish_done(
        self, path: Path, claim: Path, actor: str, sha: str, done: dict[str, Any], recovering: bool
    ) -> str:
        if done.get("claim") == claim.name:  # killed after the ledger, before the move
            self._place_original(path, done.get("original_to"))
            return str(done["outcome"])
        if not (recovering and self._audited("claim", claim.name, _claim_time(claim.name))):
            self.pipeline.audit.record(
                "watch.duplicate",
                sha256=sha,
                actor=actor,
                source=SOURCE,
                claim=claim.name,
                first_document_id=done.get("document_id"),
            )
        log.info("watch: duplicate of document %s (sha256 %s)", done.get("document_id"), sha[:16])
        self._share_outputs(path, claim, actor, sha, done)
        self._place_original(path, self._archive_path(actor, sha, path.name))
        return "duplicate"

    def _share_outputs(
        self, path: Path, claim: Path, actor: str, sha: str, done: dict[str, Any]
    ) -> None:
        """A duplicate still yields a result where its dropper looks: the first copy's
        outputs copied into this actor's folder of the same kind; rebuilt from this copy,
        without a second audit record, where they are gone (taken by a records system)."""
        kind = str(done.get("outcome"))
        sources = [self.dirs.root / rel for rel in done.get("outputs", [])]
        if not sources or not all(p.is_file() for p in sources):
            self._rebuild(path, claim, actor, sha, str(done["document_id"]))
            return
        target = self._kind_folder(kind) / actor
        target.mkdir(parents=True, exist_ok=True)
        for source in sources:
            if source.parent != target:
                staged = claim / STAGING / source.name
                staged.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, staged)
                os.replace(staged, target / source.name)

    def _rebuild(self, path: Path, claim: Path, actor: str, sha: str, doc_id: str) -> None:
        pipeline = self.pipeline.replace(
            audit=NoAudit(), quarantine_dir=self.dirs.quarantine / actor
        )
        name = bounded_name(path.name)
        document = ingest.ingest_bytes(path.read_bytes(), name, source=SOURCE, actor=actor)
        self._place_outputs(pipeline.process(document, doc_id), claim, actor, sha)

    def _process(self, path: Path, claim: Path, actor: str, name: str, sha: str) -> str:
        doc_id = document_id(sha)
        pipeline = self.pipeline.replace(quarantine_dir=self.dirs.quarantine / actor)
        claimed_at = self.ledger.claimed_at(sha)
        if claimed_at is not None and self._audited("document_id", doc_id, claimed_at):
            pipeline = pipeline.replace(audit=NoAudit())
            log.info("watch: document %s was recorded before a restart; rebuilding", doc_id)
        self.ledger.mark_claimed(sha, claim.name)
        filename = bounded_name(name)
        original_to: str | None = None
        if path.stat().st_size > pipeline.max_document_bytes:  # never read into memory
            _, stored = pipeline.quarantine_unread(path, doc_id, sha, filename, SOURCE, actor)
            original_to = self._rel(stored)
            kind, outputs = "quarantine", [stored.with_name(stored.name + ".reason.json")]
        else:
            document = ingest.ingest_bytes(path.read_bytes(), filename, source=SOURCE, actor=actor)
            result = pipeline.process(document, doc_id)  # quarantines whatever fails
            kind, outputs = self._place_outputs(result, claim, actor, sha)
            if kind != "quarantine" and self.keep_originals:
                original_to = self._rel(self._archive_path(actor, sha, name))
        record: dict[str, Any] = {"claim": claim.name, "document_id": doc_id, "outcome": kind}
        record |= {"actor": actor, "original_to": original_to}
        record["outputs"] = [self._rel(p) for p in outputs]  # a duplicate's copies come from here
        self.ledger.mark_done(sha, record)
        self._place_original(path, original_to)
        return kind

    def _place_outputs(
        self, result: Result | Quarantined, claim: Path, actor: str, sha: str
    ) -> tuple[str, list[Path]]:
        """Stage the outputs in the claim folder, then rename each into place; returns the
        kind of outcome and the outputs where they now are."""
        if isinstance(result, Quarantined):  # the pipeline stored the original and its reason
            reason = self.dirs.quarantine / actor / f"{sha[:16]}-{result.filename}.reason.json"
            return "quarantine", [reason]
        kind = "outbox" if result.action in ("redact", "pass") else "review"
        target = self._kind_folder(kind) / actor
        target.mkdir(parents=True, exist_ok=True)
        placed = []
        for written in emit.write_result(result, claim / STAGING):
            placed.append(target / f"{sha[:16]}-{written.name}")
            os.replace(written, placed[-1])
        return kind, placed

    def _kind_folder(self, kind: str) -> Path:
        folders = {"outbox": self.dirs.outbox, "review": self.dirs.review}
        return folders.get(kind, self.dirs.quarantine)

    def _archive_path(self, actor: str, sha: str, name: str) -> Path:
        return self.dirs.archive / actor / f"{sha[:16]}-{bounded_name(name)}"

    def _audited(self, key: str, value: str, since: float) -> bool:
        return self.pipeline.audit.has_record(key, value, since)

    def _rel(self, path: Path) -> str:
        return str(path.relative_to(self.dirs.root))

    def _place_original(self, path: Path, original_to: str | Path | None) -> None:
        if original_to is None:
            path.unlink(missing_ok=True)
            return
        target = self.dirs.root / original_to
        private_dir(target.parent)
        os.replace(path, target)
        make_private(target)


def _claim_time(claim: str) -> float:
    try:
        return int(claim.split("-", 1)[0], 16) / 1e9
    except ValueError:
        return 0.0


def watcher_from_settings(pipeline: Pipeline, settings: Any, root: str | Path = "") -> Watcher:
    return Watcher(
        pipeline,
        root or settings.watch_dir,
        stable_seconds=settings.watch_stable_ms / 1000,
        poll_seconds=settings.watch_poll_ms / 1000,
        keep_originals=settings.watch_archive,
        windows=parse_windows(settings.watch_stable_ms, settings.watch_share_stable_ms),
        retention_days=settings.retention_days,
    )


def start_in_background(
    pipeline: Pipeline, settings: Any
) -> tuple[threading.Thread, threading.Event]:
    """For `classifier serve` with `watch_dir` set: the watcher in a daemon thread."""
    stop = threading.Event()
    watcher = watcher_from_settings(pipeline, settings)
    thread = threading.Thread(target=watcher.run, args=(stop,), name="watcher", daemon=True)
    thread.start()
    return thread, stop


def watch_command(
    settings: Any, root: str | Path = "", once: bool = False, workers: int = 1
) -> int:
    """`classifier watch DIR`: run until SIGTERM or Ctrl-C (or, with `once`, until idle)."""
    import signal

    root = root or settings.watch_dir
    if not root:
        raise ConfigError("no folder to watch: give DIR or set watch_dir")
    stop = threading.Event()
    if not once:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    if settings.broker_url:  # claims go to `classifier worker`s as Celery tasks
        from classifier.bootstrap import secure_process
        from classifier.watch.queued import QueuedWatcher

        secure_process(settings)
        counts = QueuedWatcher(settings, root).run(stop, until_idle=once)
    elif workers > 1:
        from classifier.bootstrap import secure_process
        from classifier.watch.parallel import ParallelWatcher

        secure_process(settings)
        counts = ParallelWatcher(settings, root, workers).run(stop, until_idle=once)
    else:
        from classifier.bootstrap import bootstrap

        pipeline = bootstrap(settings).pipeline
        watcher = watcher_from_settings(pipeline, settings, root)
        try:
            counts = watcher.run_until_idle(timeout=float("inf")) if once else watcher.run(stop)
        finally:  # a signed checkpoint over the last record
            pipeline.audit.close()
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing to do")
    return 0
