"""Finding the files in the inbox that are ready: closed, stable in size and mtime, not
temporary.

A file is taken once no other process has it open (where the platform tells, see `openfiles`)
and its size and mtime have held for its share's window since (`watch_stable_ms`,
`watch_share_stable_ms`, see `windows`). Names of temporary or partial files (`~$*`, `*.part`,
`*.tmp`, ..., dotfiles) and anything not a regular file are left alone. The inbox is polled,
so SMB and NFS shares work (inotify does not see their changes).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from classifier.watch.openfiles import open_elsewhere
from classifier.watch.windows import Windows

IGNORED_PREFIXES = (".", "~$")
IGNORED_SUFFIXES = (".part", ".partial", ".tmp", ".temp", ".crdownload", ".download", ".swp")


def is_ignored(name: str) -> bool:
    """Temporary, partial and hidden names that are never picked up."""
    lowered = name.lower()
    return lowered.startswith(IGNORED_PREFIXES) or lowered.endswith(IGNORED_SUFFIXES)


class Scanner:
    """Polls the inbox; a file is ready once closed and (size, mtime) held for its window
    (`stable_seconds`, or its share's in `windows`)."""

    def __init__(
        self,
        inbox: Path,
        stable_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        windows: Windows | None = None,
        open_check: Callable[[list[Path]], set[Path] | None] = open_elsewhere,
    ):
        self.inbox = inbox
        self.stable_seconds = stable_seconds
        self.windows = windows or Windows(stable_seconds)
        self.open_check = open_check
        self.clock = clock
        self._seen: dict[str, tuple[int, int, float]] = {}
        self.pending = 0

    def _walk(self) -> Iterator[os.DirEntry[str]]:
        stack = [str(self.inbox)]
        while stack:
            try:
                with os.scandir(stack.pop()) as entries:
                    for entry in entries:
                        if is_ignored(entry.name) or entry.is_symlink():
                            continue
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        elif entry.is_file(follow_symlinks=False):
                            yield entry
            except FileNotFoundError:
                continue

    def scan(self) -> list[Path]:
        """Ready files, oldest first."""
        now = self.clock()
        seen: dict[str, tuple[int, int, float]] = {}
        ready: list[tuple[int, str]] = []
        for entry in self._walk():
            try:
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            before = self._seen.get(entry.path)
            since = (
                before[2]
                if before and (before[0], before[1]) == (st.st_size, st.st_mtime_ns)
                else now
            )
            seen[entry.path] = (st.st_size, st.st_mtime_ns, since)
            if now - since >= self.windows.for_path(self._relative(entry.path)):
                ready.append((st.st_mtime_ns, entry.path))
        self._seen = seen
        self.pending = len(seen)
        return self._closed([Path(p) for _, p in sorted(ready)], now)

    def _relative(self, path: str) -> PurePosixPath:
        return PurePosixPath(Path(path).relative_to(self.inbox).as_posix())

    def _closed(self, ready: list[Path], now: float) -> list[Path]:
        """Drop the files another process still has open; their window starts again."""
        held = self.open_check(ready) if ready else None
        if not held:
            return ready
        for path in held:
            size, mtime, _ = self._seen[str(path)]
            self._seen[str(path)] = (size, mtime, now)
        return [p for p in ready if p not in held]

    def forget(self, path: Path) -> None:
        self._seen.pop(str(path), None)
