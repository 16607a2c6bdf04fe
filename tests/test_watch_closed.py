"""The watched folder takes a file only once its writer has closed it (a writer that pauses
longer than the stability window no longer gets its file processed half-written), windows per
share, and a duplicate dropped by another department still yields a result in its outbox."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from classifier.audit.log import read_records
from classifier.errors import SettingsError
from classifier.pipeline import OUTCOME_EVENTS, Pipeline
from classifier.watch.openfiles import open_elsewhere
from classifier.watch.scanner import Scanner
from classifier.watch.watcher import Watcher
from classifier.watch.windows import parse_windows
from tests.documents import CLINICAL_NOTE

TAIL = "FINAL LINE: discharge planned for Friday, call 617-555-0199 with questions.\n"
# writes the first half, pauses (file open) longer than the window, then the rest
SLOW_WRITER = """
import sys, time
path, first, rest, pause = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
with open(path, "w", encoding="utf-8") as f:
    f.write(first)
    f.flush()
    time.sleep(pause)
    f.write(rest)
"""


def _outcomes(pipeline: Pipeline) -> list[dict[str, Any]]:
    return [r for r in read_records(pipeline.audit.directory) if r["event"] in OUTCOME_EVENTS]


def _wait_for(predicate: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_slow_writer_s_file_is_taken_only_once_closed(pipeline: Pipeline, tmp_path: Path) -> None:
    root = tmp_path / "w"
    watcher = Watcher(pipeline, root, stable_seconds=0.5, poll_seconds=0.05)
    path = root / "inbox" / "radiology" / "note.txt"
    path.parent.mkdir(parents=True)
    content = CLINICAL_NOTE + TAIL
    half = len(content) // 2
    writer = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(path), content[:half], content[half:], "3"]
    )
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(stop,))
    thread.start()
    try:
        _wait_for(lambda: path.exists() and path.stat().st_size > 0, timeout=30)
        time.sleep(1.5)  # three windows with the file open and unchanged
        assert path.exists(), "taken while its writer still had it open"
        assert writer.wait(timeout=30) == 0
        outbox = root / "outbox" / "radiology"
        _wait_for(lambda: any(outbox.glob("*.redacted.txt")), timeout=120)
    finally:
        stop.set()
        thread.join(timeout=60)
    (record,) = _outcomes(pipeline)
    assert record["size"] == len(content.encode())
    redacted = next(outbox.glob("*.redacted.txt")).read_text(encoding="utf-8")
    assert "FINAL LINE: discharge planned for" in redacted  # the second half was redacted too
    assert "617-555-0199" not in redacted and "Margaret Thornton" not in redacted


def test_open_files_are_seen_and_the_fallback_is_the_window(tmp_path: Path) -> None:
    path = tmp_path / "held.txt"
    path.write_text("half of it")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; f = open(sys.argv[1]); time.sleep(30)", str(path)]
    )
    try:
        _wait_for(lambda: open_elsewhere([path]) == {path}, timeout=10)
        now = [100.0]
        watching = Scanner(tmp_path, stable_seconds=1, clock=lambda: now[0])
        blind = Scanner(tmp_path, 1, clock=lambda: now[0], open_check=lambda paths: None)
        assert watching.scan() == [] and blind.scan() == []
        now[0] = 102.0
        assert watching.scan() == []  # open elsewhere: never ready
        assert blind.scan() == [path]  # the platform cannot tell: stability alone
    finally:
        holder.kill()
        holder.wait()
    assert open_elsewhere([path]) == set()
    now[0] = 103.5  # closed: the window starts again from the last scan that saw it open
    assert watching.scan() == [path]


def test_windows_per_share() -> None:
    windows = parse_windows(2000, "radiology=30000, billing/scans=10000,billing=5000")
    assert windows.for_path(PurePosixPath("radiology/dr-a/x.pdf")) == 30.0
    assert windows.for_path(PurePosixPath("billing/scans/y.tif")) == 10.0
    assert windows.for_path(PurePosixPath("billing/z.pdf")) == 5.0
    assert windows.for_path(PurePosixPath("legal/z.pdf")) == 2.0
    for bad in ("radiology", "radiology=fast", "=100", "../x=100"):
        with pytest.raises(SettingsError):
            parse_windows(2000, bad)


def test_a_duplicate_from_another_department_gets_a_result(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    root = tmp_path / "w"
    watcher = Watcher(pipeline, root, stable_seconds=0, poll_seconds=0.01)
    for n, department in enumerate(("radiology", "billing", "legal")):
        if department == "legal":  # the first outputs were taken away: rebuilt, not copied
            for output in (root / "outbox" / "radiology").iterdir():
                output.unlink()
        drop = root / "inbox" / department / f"note-{n}.txt"
        drop.parent.mkdir(parents=True, exist_ok=True)
        drop.write_text(CLINICAL_NOTE, encoding="utf-8")
        watcher.run_until_idle()
        outputs = sorted(p.name for p in (root / "outbox" / department).iterdir())
        named = "note-2" if department == "legal" else "note-0"  # rebuilt from its own copy
        assert len(outputs) == 2 and outputs[0].endswith(f"-{named}.redacted.txt"), outputs
    assert len(_outcomes(pipeline)) == 1  # processed and audited once
    duplicates = [
        r for r in read_records(pipeline.audit.directory) if r["event"] == "watch.duplicate"
    ]
    assert [r["actor"] for r in duplicates] == ["billing", "legal"]
