"""Stability windows per share: how long a file must hold still before it is taken.

`watch_stable_ms` is the window of the whole watched folder; `watch_share_stable_ms` gives a
longer (or shorter) one to the inbox subfolders that are shares of their own, for example a
scanner or a slow SMB link: `radiology=30000,billing/scans=10000`. The longest matching folder
wins; a file outside all of them gets the folder's window.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from classifier.errors import SettingsError


@dataclass(frozen=True)
class Windows:
    default: float  # seconds
    shares: tuple[tuple[PurePosixPath, float], ...] = ()  # longest folder first

    def for_path(self, relative: PurePosixPath) -> float:
        """The window of a file at `relative` (to the inbox)."""
        for folder, seconds in self.shares:
            if relative.is_relative_to(folder):
                return seconds
        return self.default


def parse_windows(default_ms: int, shares: str) -> Windows:
    """`watch_stable_ms` and `watch_share_stable_ms` as Windows; a malformed entry is refused."""
    parsed = [_share(entry.strip()) for entry in shares.split(",") if entry.strip()]
    parsed.sort(key=lambda share: len(share[0].parts), reverse=True)
    return Windows(default_ms / 1000, tuple(parsed))


def _share(entry: str) -> tuple[PurePosixPath, float]:
    folder, sep, ms = entry.rpartition("=")
    path = PurePosixPath(folder.strip().strip("/"))
    if not sep or not ms.strip().isdigit() or not folder.strip() or ".." in path.parts:
        raise SettingsError(
            f"watch_share_stable_ms: {entry!r} is not <inbox subfolder>=<milliseconds>"
        )
    return path, int(ms) / 1000
