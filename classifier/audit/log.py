"""The audit trail writer: one sealed JSON line per event, chained, checkpointed, rotated.

Each record carries a monotonic sequence number, the UTC time, the event type, the caller's
fields, the sha256 of the previous record's line and an HMAC under a key kept outside the log
directory (see `audit_format` for the bytes, `audit_keys` for the keys). Every
`checkpoint_every` records, and at `close()`, a checkpoint signed with Ed25519 over the
sequence number and the chain head is appended to `checkpoints.jsonl`; also `checkpoint_seconds`
after the first record no checkpoint covers yet (a timer), so a quiet service's last records
are signed too and cutting the tail of the trail is detected.

Each machine (`node_id`) keeps a chain of its own in the folder: its files are named
`audit-<node>-...`, its checkpoints `checkpoints-<node>.jsonl`, and every record and checkpoint
carries `node`, under the HMAC and the signature. Writers of one node, in several threads or
processes, serialise on an exclusive lock on `<dir>/.lock-<node>` and read the chain head from
that node's files, so they keep one chain; writers of another node never touch it. A file is
rotated when the UTC day changes or it would pass `max_bytes`; the first record of a new file
links to the last record of the previous one. A line cut short by a crash is never rewritten:
the next writer ends it with a newline and records `audit.torn_record_detected` (file, byte
offset and length, never content) chained to the last intact record.

Records hold hashes, counts, offsets, labels and versions: never document text or detected
values (NIST SP 800-53 AU-3(3)). Callers pass only such fields.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from classifier.audit.format import (
    GENESIS,
    LEGACY,
    RESERVED,
    Record,
    check_node,
    checkpoints_name,
    file_key,
    file_name,
    fsync_dir,
    iter_lines,
    line_hash,
    lock_name,
    log_files,
    merged_records,
    parse_record,
    seal,
    split_trailer,
    utc_timestamp,
)
from classifier.audit.keys import AuditKeys, load_or_create_keys
from classifier.audit.node_claim import NodeClaim
from classifier.errors import AuditError
from classifier.settings import SETTINGS, Settings

__all__ = [
    "GENESIS",
    "AuditLog",
    "NoAudit",
    "SkipRecorded",
    "has_record",
    "key_dir_for",
    "read_records",
    "records_about",
]

log = logging.getLogger(__name__)
DEFAULT_KEY_DIR = Path(next(s.default for s in SETTINGS if s.name == "data_dir")) / "keys"
TORN_EVENT = "audit.torn_record_detected"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def key_dir_for(settings: Settings) -> Path:
    return Path(settings.audit_key_dir or Path(settings.data_dir) / "keys")


@dataclass(frozen=True)
class _Tail:
    """The last line of a file that `accept` takes, where it ends, and the file's size."""

    line: bytes | None
    end: int  # offset just past that line's newline (0 when there is no such line)
    size: int
    terminated: bool = True  # False: `line` is the file's last bytes, its newline unwritten

    @property
    def ends_cleanly(self) -> bool:
        return self.end == self.size


def _tail(path: Path, accept: Callable[[bytes], bool]) -> _Tail:
    """Scan back from the end of `path` for the last line `accept` takes."""
    with path.open("rb") as f:
        size = f.seek(0, os.SEEK_END)
        pos, buf, step = size, b"", 8192
        while pos > 0:
            read = min(pos, step)
            pos -= read
            f.seek(pos)
            buf = f.read(read) + buf
            parts = buf.split(b"\n")  # parts[-1]: bytes after the last newline, if any
            offsets = [pos]
            for part in parts[:-1]:
                offsets.append(offsets[-1] + len(part) + 1)
            first_whole = 0 if pos == 0 else 1  # parts[0] may start mid-line
            if len(parts) > first_whole and parts[-1] and accept(parts[-1]):
                return _Tail(parts[-1], size, size, terminated=False)  # whole but for "\n"
            for i in range(len(parts) - 2, first_whole - 1, -1):
                if accept(parts[i]):
                    return _Tail(parts[i], offsets[i + 1], size)
            step *= 2
    return _Tail(None, 0, size)


@dataclass(frozen=True)
class _Head:
    seq: int
    hash: str
    path: Path | None  # the file holding the last intact record
    torn: tuple[Path, int, int] | None  # (file, offset, length) of bytes after it, if any


class AuditLog:
    def __init__(
        self,
        directory: str | Path,
        *,
        key_dir: str | Path | None = None,
        checkpoint_every: int = 100,
        max_bytes: int = 100 * 1024 * 1024,
        clock: Callable[[], dt.datetime] = _utc_now,
        checkpoint_seconds: float = 0,
        node: str = LEGACY,
        host: str = "",
    ):
        """`node`: this machine's id, its chain's name ("": the legacy chain, no node id);
        `host`: the machine claiming it (default: this host name; see `node_claim`)."""
        self.node = check_node(node)
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.key_dir = Path(key_dir) if key_dir else DEFAULT_KEY_DIR
        if self.key_dir.resolve() == self.directory.resolve():
            raise AuditError(f"audit keys must be kept outside the log directory {directory}")
        if checkpoint_every < 1:
            raise AuditError("checkpoint_every must be at least 1")
        self.keys: AuditKeys = load_or_create_keys(self.key_dir)
        self.checkpoint_every = checkpoint_every
        self.max_bytes = max_bytes
        self._clock = clock
        self._thread_lock = threading.Lock()
        self._checkpoints_checked = False
        self.checkpoint_seconds = checkpoint_seconds  # 0: no timer
        self._timer: threading.Timer | None = None
        self._claim = NodeClaim(self.directory, self.node, host)

    def claim(self) -> None:
        """Claim this node's chain for this machine now (at service start): an AuditError
        when another machine writes it (`node_claim`)."""
        with self._locked():
            self._claim.hold(self._clock())

    @classmethod
    def from_settings(
        cls, settings: Settings, directory: str | Path | None = None, node: str | None = None
    ) -> AuditLog:
        """`node`: another chain than this machine's `node_id` (retention of a retired one)."""
        return cls(
            directory or settings.audit_dir,
            key_dir=key_dir_for(settings),
            checkpoint_every=settings.audit_checkpoint_every,
            max_bytes=settings.audit_max_bytes,
            checkpoint_seconds=settings.audit_checkpoint_seconds,
            node=settings.node_id if node is None else node,
        )

    def files(self) -> list[Path]:
        """This node's chain, in chain order."""
        return log_files(self.directory, self.node)

    # writing ----------------------------------------------------------------------------
    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        """Append one event; returns the record as written (HMAC included)."""
        clash = RESERVED & fields.keys()
        if clash:
            raise AuditError(f"reserved audit field name(s): {', '.join(sorted(clash))}")
        with self._locked():
            now = self._clock()
            self._claim.hold(now)
            head = self._head()
            if head.torn is not None:
                head = self._record_torn(head, *head.torn)
            body = {"seq": head.seq + 1, "time": utc_timestamp(now), "event": event}
            body |= self._node_field() | fields
            body["prev"] = head.hash
            try:
                line = seal(body, "hmac", self.keys.mac)
            except (TypeError, ValueError) as exc:
                raise AuditError(f"audit event {event!r}: field not JSON-serialisable") from exc
            path = self._target(now, len(line) + 1)
            self._append(path, line + b"\n")
            self._after_append(head.seq + 1, line, path)
        written: dict[str, Any] = json.loads(line)
        return written

    def has_record(self, key: str, value: str, since: float) -> bool:
        """See `has_record`: a record of this trail with `key` = `value` since `since`."""
        return has_record(self.directory, key, value, since)

    def records_about(self, key: str, values: set[str], since: float) -> dict[str, list[Any]]:
        """See `records_about`."""
        return records_about(self.directory, key, values, since)

    def close(self) -> None:
        """Sign a checkpoint over the current head unless one already covers it: at the end
        of a batch, on service stop, and by the timer."""
        with self._locked():
            self._cancel_timer()
            head = self._head()
            if head.path is not None and self._last_checkpoint_seq() < head.seq:
                self._checkpoint(head.seq, head.hash, head.path)

    def release(self) -> None:
        """Sign the last records (`close`) and give up this machine's claim on the node: a
        clean stop of the service, so a replacement machine may take the node at once."""
        self.close()
        with self._locked():
            self._claim.release()

    def _start_timer(self) -> None:
        """After a record no checkpoint covers: one within `checkpoint_seconds` (a daemon
        timer, at most one pending; any checkpoint cancels it)."""
        if self.checkpoint_seconds <= 0 or self._timer is not None:
            return
        self._timer = threading.Timer(self.checkpoint_seconds, self._on_timer)
        self._timer.daemon = True
        self._timer.start()

    def _on_timer(self) -> None:
        try:
            self.close()
        except (OSError, AuditError) as exc:  # the next record starts another timer
            log.error("audit: timed checkpoint failed (%s)", type(exc).__name__)

    def _cancel_timer(self) -> None:
        timer, self._timer = self._timer, None
        if timer is not None and timer is not threading.current_thread():
            timer.cancel()

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # internals --------------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock, (self.directory / lock_name(self.node)).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _node_field(self) -> dict[str, str]:
        return {"node": self.node} if self.node else {}

    def _head(self) -> _Head:
        """The last intact record across the trail, and any torn bytes after it."""
        torn = None
        for path in reversed(self.files()):
            tail = _tail(path, lambda line: parse_record(line) is not None)
            if tail.size == 0:
                continue
            if torn is None and not tail.ends_cleanly:
                torn = (path, tail.end, tail.size - tail.end)
            line = tail.line
            if line is not None and (record := parse_record(line)) is not None:
                if not tail.terminated:  # the record was written whole; only "\n" was lost
                    self._append(path, b"\n")
                return _Head(record.seq, line_hash(line), path, torn)
        return _Head(0, GENESIS, None, torn)

    def _record_torn(self, head: _Head, path: Path, offset: int, length: int) -> _Head:
        """End a torn line with a newline and chain an event naming it to the last record."""
        body = {
            "seq": head.seq + 1,
            "time": utc_timestamp(self._clock()),
            "event": TORN_EVENT,
            **self._node_field(),
            "file": path.name,
            "offset": offset,
            "length": length,
            "outcome": "recovered",
            "prev": head.hash,
        }
        line = seal(body, "hmac", self.keys.mac)
        ends_with_newline = _last_byte(path) == b"\n"
        self._append(path, (b"" if ends_with_newline else b"\n") + line + b"\n")
        self._after_append(head.seq + 1, line, path)
        return _Head(head.seq + 1, line_hash(line), path, None)

    def _target(self, now: dt.datetime, size: int) -> Path:
        """The file the next line goes to: today's, or a new part when the last is full."""
        files = self.files()
        today = f"{now:%Y%m%d}"
        if not files:
            return self.directory / file_name(now.date(), 1, self.node)
        last = files[-1]
        day, part = file_key(last.name) or (today, 0)  # log_files() lists only named ones
        if day < today:
            return self.directory / file_name(now.date(), 1, self.node)
        used = last.stat().st_size
        if self.max_bytes and used and used + size > self.max_bytes:
            # the clock may have gone back: never write to a file that sorts before the last
            first = dt.datetime.strptime(day, "%Y%m%d").date()
            return self.directory / file_name(first, part + 1, self.node)
        return last

    def _append(self, path: Path, data: bytes) -> None:
        created = not path.exists()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            fsync_dir(path.parent)

    def _after_append(self, seq: int, line: bytes, path: Path) -> None:
        due = seq % self.checkpoint_every == 0
        if not self._checkpoints_checked:  # a crash may have skipped the last one that was due
            self._checkpoints_checked = True
            due = due or self._last_checkpoint_seq() < seq - seq % self.checkpoint_every
        if due:
            self._cancel_timer()
            self._checkpoint(seq, line_hash(line), path)
        else:
            self._start_timer()

    def _last_checkpoint_seq(self) -> int:
        path = self.directory / checkpoints_name(self.node)
        if not path.exists():
            return 0
        tail = _tail(path, lambda line: split_trailer(line, "sig") is not None)
        return _checkpoint_seq(tail.line) if tail.line else 0

    def _checkpoint(self, seq: int, head: str, path: Path) -> None:
        body = {
            "seq": seq,
            **self._node_field(),
            "head": head,
            "file": path.name,
            "time": utc_timestamp(self._clock()),
            "every": self.checkpoint_every,
            "key_id": self.keys.key_id,
        }
        line = seal(body, "sig", self.keys.sign)
        checkpoints = self.directory / checkpoints_name(self.node)
        torn = checkpoints.exists() and _last_byte(checkpoints) not in (b"", b"\n")
        self._append(checkpoints, (b"\n" if torn else b"") + line + b"\n")


def _checkpoint_seq(line: bytes) -> int:
    try:
        return int(json.loads(line)["seq"])
    except (ValueError, KeyError, TypeError):
        return 0


def _last_byte(path: Path) -> bytes:
    with path.open("rb") as f:
        size = f.seek(0, os.SEEK_END)
        if size == 0:
            return b""
        f.seek(size - 1)
        return f.read(1)


def read_records(directory: str | Path) -> list[dict[str, Any]]:
    """Every intact record of the trail, every node's, in time order (a node's own in chain
    order; torn lines skipped; nothing checked)."""
    return [record.fields for _, _, record in merged_records(Path(directory))]


def _records_since(directory: str | Path, since: float) -> Iterator[dict[str, Any]]:
    """The intact records of files written since `since` (epoch seconds), every node's."""
    for path in log_files(Path(directory)):
        if path.stat().st_mtime < since - 2:
            continue
        for line in iter_lines(path):
            parsed: Record | None = parse_record(line.data)
            if parsed is not None:
                yield parsed.fields


def has_record(directory: str | Path, key: str, value: str, since: float) -> bool:
    """Whether a record holds `key` = `value`, looking only in files written since `since`
    (epoch seconds): how a restarted writer learns what it recorded before a crash."""
    return any(fields.get(key) == value for fields in _records_since(directory, since))


def records_about(
    directory: str | Path, key: str, values: set[str], since: float
) -> dict[str, list[Any]]:
    """The records whose `key` is one of `values`, or one of its parts (`<value>.<n>...`: a
    document's attachments), by value, in chain order; one pass over the files written since
    `since` (how start-up reconciliation reads many jobs at once)."""
    found: dict[str, list[Any]] = {}
    for fields in _records_since(directory, since):
        value = fields.get(key)
        whole = value.split(".", 1)[0] if isinstance(value, str) else None
        if whole in values:
            found.setdefault(whole, []).append(fields)
    return found


class NoAudit:
    """Stands in for the audit log when the pipeline already recorded a document before a
    restart, and its outputs are rebuilt without a second record (watched folder, jobs)."""

    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        return {"event": event}


class SkipRecorded:
    """Passes records on to `audit`, except those about documents recorded before a restart
    (the attachments of an e-mail whose job is resumed): none is recorded twice."""

    def __init__(self, audit: AuditLog, recorded: frozenset[str]):
        self.audit = audit
        self.recorded = recorded

    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        if fields.get("document_id") in self.recorded:
            return {"event": event}
        return self.audit.record(event, **fields)
