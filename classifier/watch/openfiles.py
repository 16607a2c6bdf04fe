"""Whether another process still has a file open: a writer that pauses longer than the
stability window keeps its file open, so an open file is never taken, however stable.

Linux tells through `/proc/<pid>/fd/*`, links to the files each process holds open. Processes
whose folder we may not read (another user's, without privileges) and writers on other
machines (an SMB or NFS share) cannot be seen: there the stability window alone decides, as on
a platform without `/proc` (`open_elsewhere` then answers None).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

PROC = Path("/proc")


def can_tell() -> bool:
    return (PROC / "self" / "fd").is_dir()


def open_elsewhere(paths: Iterable[Path]) -> set[Path] | None:
    """Those of `paths` some other process has open; None where the platform cannot tell."""
    if not can_tell():
        return None
    wanted = {os.path.realpath(p): p for p in paths}
    if not wanted:
        return set()
    return {wanted[target] for target in _open_targets() if target in wanted}


def _open_targets() -> Iterator[str]:
    """What every other process's file descriptors point at (those we may read)."""
    me = str(os.getpid())
    for pid in os.listdir(PROC):
        if not pid.isdigit() or pid == me:
            continue
        try:
            with os.scandir(PROC / pid / "fd") as fds:
                for fd in fds:
                    try:
                        yield os.readlink(fd.path)
                    except OSError:  # closed meanwhile
                        continue
        except OSError:  # exited, or not ours to read
            continue
