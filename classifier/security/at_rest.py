"""Data at rest outside the database: what holds an original or its text is owner-only.

Quarantined originals and their reason files, the watched folder's archive and quarantine, the
corrections export and the state database are written 0600 inside 0700 folders, whatever the
process umask (the database's originals are sealed besides, see `vault`). Kept originals are
deleted once older than the retention period (`retention_days`), as the database's are.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create `path` (and missing parents) owner-only; an existing `path` is made so too."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)
    return path


def temporary_name(path: Path) -> Path:
    """A sibling of `path` no other process or thread writing `path` at the same time uses."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def write_private(path: Path, data: bytes, durable: bool = False) -> None:
    """Write `path` atomically (a temporary name, then a rename), owner-only from the start;
    `durable`: the bytes and the name on disk before it returns (fsync)."""
    tmp = temporary_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing temporary file keeps no wider mode
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    if durable:
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def open_private(path: Path) -> int:
    """A file descriptor to write `path` from its start, owner-only (an export)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return fd


def make_private(path: Path) -> Path:
    """A file placed by a rename (an original moved into the archive) made owner-only."""
    os.chmod(path, FILE_MODE)
    return path


def purge_older(folder: Path, days: int, now: float | None = None) -> int:
    """Delete the files under `folder` last changed more than `days` ago; how many. 0 days:
    kept forever."""
    if days <= 0 or not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - days * 86400
    removed = 0
    for path in folder.rglob("*"):
        try:
            if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
