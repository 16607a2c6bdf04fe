"""The audit trail: one JSON line per event in `audit_logs/audit-YYYYMMDD.jsonl` (UTC day).

Each record carries a sequence number and the sha256 of the previous record's line, so a
removed, inserted or edited line breaks the chain. Writers in several threads or processes
serialise on an exclusive file lock and read the chain head from the file itself. Records hold
hashes, counts, offsets, labels and versions: never document text or detected values.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
LOCK_NAME = ".lock"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _last_line(path: Path) -> bytes | None:
    with path.open("rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        block = min(size, 65536)
        f.seek(size - block)
        lines = [line for line in f.read(block).split(b"\n") if line.strip()]
    return lines[-1] if lines else None


class AuditLog:
    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self._thread_lock = threading.Lock()

    def files(self) -> list[Path]:
        return sorted(self.directory.glob("audit-*.jsonl"))

    def _head(self) -> tuple[int, str]:
        """(last sequence number, hash of the last line) across the trail."""
        for path in reversed(self.files()):
            line = _last_line(path)
            if line is None:
                continue
            try:
                seq = int(json.loads(line)["seq"])
            except (ValueError, KeyError, TypeError):
                seq = -1  # a torn last line: the chain continues from its hash
            return seq, hashlib.sha256(line).hexdigest()
        return 0, GENESIS

    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        now = _utc_now()
        path = self.directory / f"audit-{now:%Y%m%d}.jsonl"
        with self._thread_lock, (self.directory / LOCK_NAME).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                seq, prev = self._head()
                entry = {
                    "seq": seq + 1,
                    "time": now.isoformat(timespec="microseconds").replace("+00:00", "Z"),
                    "event": event,
                    **fields,
                    "prev": prev,
                }
                line = json.dumps(entry, sort_keys=False, separators=(",", ":")) + "\n"
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
                try:
                    os.write(fd, line.encode())
                    os.fsync(fd)
                finally:
                    os.close(fd)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        return entry


def read_records(directory: str | Path) -> list[dict[str, Any]]:
    records = []
    for path in AuditLog(directory).files():
        with path.open(encoding="utf-8") as f:
            records += [json.loads(line) for line in f if line.strip()]
    return records
