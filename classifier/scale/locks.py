"""A lock file that only one process holds at a time (flock, not waiting), for Celery tasks
that must not run at once for the same key on two workers: a webhook delivery of one
document, a watched file's content. The folder is shared by every node (`data_dir`, the
watched folder), so it needs a file system with working `flock`, as the audit trail does.

A holder that dies loses the lock with its process. After a final outcome the holder removes
the file: whoever takes a lock on it afterwards (a new file, or the old one opened before the
removal) first reads that outcome (the audit trail, the watch ledger) and does nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from classifier.security.at_rest import private_dir


class Held:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.finished = False  # set by the holder once the outcome is final: file removed

    def finish(self) -> None:
        self.finished = True


@contextlib.contextmanager
def try_lock(path: Path) -> Iterator[Held | None]:
    """Yields a `Held` if this process took the lock, None if another holds it now."""
    if not path.parent.is_dir():
        private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        held = Held(path)
        yield held
        if held.finished:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    finally:
        os.close(fd)
