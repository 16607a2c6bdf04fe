"""The watched folder's layout on disk and its ledger of hashes (see watch/watcher.py).

DIR/inbox/ processing/ outbox/ review/ quarantine/ archive/   WatchDirs
DIR/.watch/hashes/<sha[:2]>/<sha>.claimed | .done             Ledger (atomic by rename)
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from classifier.security.at_rest import private_dir, temporary_name
from classifier.stages import ingest

MAX_NAME_BYTES = 100  # a stored name is `<sha16>-<name>.reason.json`: under NAME_MAX (255)


def bounded_name(name: str, max_bytes: int = MAX_NAME_BYTES) -> str:
    """The ingest stage's safe name, cut to `max_bytes` of UTF-8 with its extension kept."""
    name = ingest.safe_filename(name)
    if len(name.encode()) <= max_bytes:
        return name
    stem, dot, ext = name.rpartition(".")
    suffix = f".{ext}" if dot and stem and len(ext.encode()) <= 10 else ""
    stem = name[: len(name) - len(suffix)]
    while len((stem + suffix).encode()) > max_bytes:
        stem = stem[:-1]
    return stem + suffix


def document_id(sha256: str) -> str:
    """Deterministic, so a restart can find what the pipeline already recorded."""
    return hashlib.sha256(f"watch:{sha256}".encode()).hexdigest()[:32]


@dataclasses.dataclass(frozen=True)
class WatchDirs:
    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def processing(self) -> Path:
        return self.root / "processing"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def review(self) -> Path:
        return self.root / "review"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def state(self) -> Path:
        return self.root / ".watch"

    def create(self) -> WatchDirs:
        for d in (self.inbox, self.processing, self.outbox, self.review, self.state / "hashes"):
            d.mkdir(parents=True, exist_ok=True)
        for d in (self.quarantine, self.archive):  # originals: owner-only
            private_dir(d)
        return self


# the ledger ---------------------------------------------------------------------------------
def atomic_json(path: Path, obj: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    with tmp.open("w", encoding="utf-8") as f:
        json.dump(obj, f, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Ledger:
    """Marker files under `.watch/hashes/`: plain files, atomic by rename, fine on NFS."""

    def __init__(self, state_dir: Path):
        self.directory = state_dir / "hashes"

    def _path(self, sha256: str, kind: str) -> Path:
        return self.directory / sha256[:2] / f"{sha256}.{kind}"

    def done(self, sha256: str) -> dict[str, Any] | None:
        try:
            data: dict[str, Any] = json.loads(self._path(sha256, "done").read_text("utf-8"))
        except FileNotFoundError:
            return None
        return data

    def claimed_at(self, sha256: str) -> float | None:
        try:
            return self._path(sha256, "claimed").stat().st_mtime
        except FileNotFoundError:
            return None

    def mark_claimed(self, sha256: str, claim: str) -> None:
        atomic_json(self._path(sha256, "claimed"), {"claim": claim})

    def mark_done(self, sha256: str, record: dict[str, Any]) -> None:
        atomic_json(self._path(sha256, "done"), record)
        with contextlib.suppress(FileNotFoundError):
            self._path(sha256, "claimed").unlink()
