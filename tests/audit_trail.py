"""Helpers for the audit tests: a controllable clock and a ready-made multi-day trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from classifier.audit.keys import load_keys
from classifier.audit.log import AuditLog
from classifier.audit.verify import Report, verify

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    """Advances one second per reading; `jump(days=...)` moves it on (or back)."""

    def __init__(self, start: dt.datetime = START):
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now

    def jump(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def make_log(tmp_path: Path, **options: object) -> AuditLog:
    return AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys", **options)  # type: ignore[arg-type]


def build_trail(tmp_path: Path, days: int = 3, per_day: int = 8, every: int = 5) -> AuditLog:
    """`days` files of `per_day` records each, checkpointed every `every`, closed."""
    clock = Clock()
    log = make_log(tmp_path, checkpoint_every=every, clock=clock)
    for day in range(days):
        for n in range(per_day):
            log.record("document.processed", sha256=f"{day:02d}{n:02d}" * 16, size=100 + n)
        clock.jump(days=1)
    log.close()
    return log


def check(log: AuditLog) -> Report:
    return verify(log.directory, load_keys(log.key_dir), log.checkpoint_every)


def kinds(report: Report) -> set[str]:
    return {p.kind for p in report.problems}


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


@contextmanager
def edit_lines(path: Path) -> Iterator[list[bytes]]:
    """`with edit_lines(p) as rows: del rows[3]` rewrites the file with the edited lines."""
    rows = lines(path)
    yield rows
    path.write_bytes(b"".join(rows))
