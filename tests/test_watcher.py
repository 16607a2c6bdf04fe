"""The watched folder with the real pipeline: routing, stability, temp names, actors, crash
recovery at every step between claim and archive, duplicates, size limit, progress, lock."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from classifier.audit.log import read_records
from classifier.errors import ConfigError
from classifier.ml.text_classifier import file_sha256
from classifier.pipeline import OUTCOME_EVENTS, Pipeline
from classifier.settings import load_settings
from classifier.watch.folders import Ledger, bounded_name
from classifier.watch.scanner import Scanner, is_ignored
from classifier.watch.watcher import Watcher, start_in_background
from tests.documents import CLINICAL_NOTE, docx_bytes

BROKEN_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> broken"


class Killed(BaseException):
    """Stands in for kill -9: nothing after the raise runs, no `except Exception` sees it."""


def make_watcher(pipeline: Pipeline, root: Path, **kwargs: Any) -> Watcher:
    return Watcher(pipeline, root, stable_seconds=0, poll_seconds=0.01, **kwargs)


def drop(root: Path, rel: str, content: bytes) -> Path:
    path = root / "inbox" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def document_records(audit_dir: Path, sha: str) -> list[dict[str, Any]]:
    return [
        r
        for r in read_records(audit_dir)
        if r.get("sha256") == sha and r["event"] in OUTCOME_EVENTS
    ]


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("name", "ignored"),
    [
        ("report.pdf", False),
        ("~$report.docx", True),
        ("upload.pdf.part", True),
        ("scan.TMP", True),
        (".DS_Store", True),
        (".~lock.note.odt#", True),
        ("download.crdownload", True),
        ("tilde~name.txt", False),
        ("partial-report.txt", False),
    ],
)
def test_ignored_names(name: str, ignored: bool) -> None:
    assert is_ignored(name) is ignored


@pytest.mark.parametrize(
    "name",
    ["a" * 300 + ".pdf", "é" * 200 + ".docx", "😀" * 120 + ".txt", "x" * 80, "../../etc/passwd"],
)
def test_bounded_name_fits_a_file_name(name: str) -> None:
    bounded = bounded_name(name)
    assert 0 < len(bounded.encode()) <= 100
    assert "/" not in bounded and "\\" not in bounded
    if "." in name[-6:]:
        assert bounded.endswith(name[name.rindex(".") :])


def test_scanner_waits_until_size_and_mtime_hold(tmp_path: Path) -> None:
    now = [100.0]
    scanner = Scanner(tmp_path, stable_seconds=2, clock=lambda: now[0])
    path = tmp_path / "growing.txt"
    path.write_bytes(b"first part")
    assert scanner.scan() == []
    now[0] = 101.5
    assert scanner.scan() == []
    with path.open("ab") as f:  # still being copied: the clock starts again
        f.write(b" and more")
    now[0] = 102.5
    assert scanner.scan() == []
    now[0] = 104.0
    assert scanner.scan() == []
    now[0] = 104.6
    assert scanner.scan() == [path]


def test_routes_outcomes_and_maps_subfolders_to_actors(pipeline: Pipeline, tmp_path: Path) -> None:
    root = tmp_path / "w"
    note = drop(root, "radiology/dr-jones/note.txt", CLINICAL_NOTE.encode())
    letter = drop(root, "letter.docx", docx_bytes(CLINICAL_NOTE.splitlines()[:6]))
    broken = drop(root, "legal/broken.pdf", BROKEN_PDF)
    shas = {p.name: file_sha256(p) for p in (note, letter, broken)}
    for temp in ("~$note.docx", "copying.part", "x.tmp", ".hidden"):
        drop(root, temp, b"not yet")

    counts = make_watcher(pipeline, root).run_until_idle()

    assert sum(counts.values()) == 3
    audit_dir = pipeline.audit.directory
    (note_rec,) = document_records(audit_dir, shas["note.txt"])
    assert note_rec["event"] == "document.processed"
    assert (note_rec["source"], note_rec["actor"]) == ("watch", "radiology/dr-jones")
    (letter_rec,) = document_records(audit_dir, shas["letter.docx"])
    assert letter_rec["actor"] == "anonymous"
    (broken_rec,) = document_records(audit_dir, shas["broken.pdf"])
    assert (broken_rec["event"], broken_rec["actor"]) == ("document.quarantined", "legal")

    note_folder = "outbox" if note_rec["action"] in ("redact", "pass") else "review"
    sha16 = shas["note.txt"][:16]
    out = root / note_folder / "radiology" / "dr-jones"
    assert sorted(p.name for p in out.iterdir()) == [
        f"{sha16}-note.redacted.txt",
        f"{sha16}-note.txt.json",
    ]
    assert "Margaret Thornton" not in (out / f"{sha16}-note.redacted.txt").read_text()
    assert (root / "archive/radiology/dr-jones" / f"{sha16}-note.txt").read_bytes() == (
        CLINICAL_NOTE.encode()
    )
    reason = root / "quarantine/legal" / f"{shas['broken.pdf'][:16]}-broken.pdf.reason.json"
    assert '"corrupt document"' in reason.read_text()
    assert files_under(root / "processing") == []
    left = sorted(p.name for p in files_under(root / "inbox"))
    assert left == sorted(["~$note.docx", "copying.part", "x.tmp", ".hidden"])


def test_same_content_twice_is_processed_once(pipeline: Pipeline, tmp_path: Path) -> None:
    root = tmp_path / "w"
    drop(root, "a/first.txt", CLINICAL_NOTE.encode())
    watcher = make_watcher(pipeline, root)
    watcher.run_until_idle()
    drop(root, "b/again.txt", CLINICAL_NOTE.encode())
    counts = watcher.run_until_idle()

    sha = file_sha256(root / "archive/a" / next((root / "archive/a").iterdir()).name)
    assert len(document_records(pipeline.audit.directory, sha)) == 1
    dup = [r for r in read_records(pipeline.audit.directory) if r["event"] == "watch.duplicate"]
    assert len(dup) == 1 and dup[0]["actor"] == "b" and dup[0]["sha256"] == sha
    assert counts["duplicate"] == 1
    assert (root / "archive/b" / f"{sha[:16]}-again.txt").is_file()


def _crash_in(target: Any, name: str, after: bool = False) -> Callable[..., Any]:
    original = getattr(target, name)

    def crashing(*args: Any, **kwargs: Any) -> Any:
        if after:
            original(*args, **kwargs)
        raise Killed(name)

    return crashing


CRASH_POINTS = [
    # (object, method, crash after the call instead of before it)
    ("watcher", "claim", True),  # renamed into processing/, nothing else
    ("ledger", "mark_claimed", True),  # before the pipeline ran
    ("watcher", "_place_outputs", False),  # the pipeline wrote its audit record: no outputs
    ("watcher", "_place_outputs", True),  # outputs placed, ledger not updated
    ("ledger", "mark_done", True),  # ledger done, original still in processing/
]


@pytest.mark.parametrize(("owner", "method", "after"), CRASH_POINTS)
@pytest.mark.parametrize("content", [CLINICAL_NOTE.encode(), BROKEN_PDF], ids=["ok", "corrupt"])
def test_a_crash_at_any_step_then_restart_processes_exactly_once(
    pipeline: Pipeline, tmp_path: Path, owner: str, method: str, after: bool, content: bytes
) -> None:
    root = tmp_path / "w"
    drop(root, "ward-7/doc.bin", content)
    sha = file_sha256(root / "inbox/ward-7/doc.bin")
    first = make_watcher(pipeline, root)
    target = first if owner == "watcher" else first.ledger
    setattr(target, method, _crash_in(target, method, after))
    with pytest.raises(Killed):
        first.run_until_idle()
    first.unlock()  # the kernel drops a killed process's lock

    make_watcher(pipeline, root).run_until_idle()

    records = document_records(pipeline.audit.directory, sha)
    assert len(records) == 1, records
    assert files_under(root / "processing") == []
    assert files_under(root / "inbox") == []
    results = files_under(root / "outbox") + files_under(root / "review")
    quarantined = files_under(root / "quarantine")
    if records[0]["event"] == "document.processed":
        assert len(results) == 2 and quarantined == []
        assert [p.name for p in files_under(root / "archive")] == [f"{sha[:16]}-doc.bin"]
    else:
        assert results == [] and len(quarantined) == 2
    assert Ledger(root / ".watch").done(sha) is not None


def test_over_the_size_limit_is_quarantined_unread(pipeline: Pipeline, tmp_path: Path) -> None:
    small = pipeline.replace(max_document_bytes=1000)
    root = tmp_path / "w"
    drop(root, "big.txt", b"x" * 5000)
    make_watcher(small, root).run_until_idle()
    (stored, reason) = files_under(root / "quarantine")
    assert stored.stat().st_size == 5000 and reason.name.endswith(".reason.json")
    assert '"document too large"' in reason.read_text()
    (record,) = read_records(pipeline.audit.directory)
    assert (record["event"], record["reason"], record["size"]) == (
        "document.quarantined",
        "document too large",
        5000,
    )


def test_hostile_names_in_the_inbox(pipeline: Pipeline, tmp_path: Path) -> None:
    root = tmp_path / "w"
    names = ["new\nline.txt", "😀" * 60 + ".txt", "a" * 240 + ".txt", "‮gpj.exe.txt"]
    for i, name in enumerate(names):
        drop(root, name, f"Referral letter number {i} for the cardiology clinic.".encode())
    counts = make_watcher(pipeline, root).run_until_idle()
    assert sum(counts.values()) == len(names)
    outputs = files_under(root / "outbox") + files_under(root / "review")
    assert len(outputs) == 2 * len(names)
    assert all(len(p.name.encode()) <= 255 and "\n" not in p.name for p in outputs)


def test_progress_in_the_log_and_files_never_named(
    pipeline: Pipeline, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "w"
    for i in range(12):
        drop(root, f"patient-name-{i}.txt", f"Clinical note {i}, blood pressure fine.".encode())
    with caplog.at_level(logging.INFO, logger="classifier"):
        make_watcher(pipeline, root, progress_every=5).run_until_idle()
    progress = [r.getMessage() for r in caplog.records if "done (" in r.getMessage()]
    assert progress[0].startswith("watch: 5 done") and progress[1].startswith("watch: 10 done")
    assert progress[-1].startswith("watch: 12 done")
    assert not any("patient-name" in r.getMessage() for r in caplog.records)


def test_one_watcher_per_folder(pipeline: Pipeline, tmp_path: Path) -> None:
    first = make_watcher(pipeline, tmp_path / "w")
    first.lock()
    try:
        with pytest.raises(ConfigError, match="another watcher"):
            make_watcher(pipeline, tmp_path / "w").lock()
    finally:
        first.unlock()


def test_originals_deleted_when_archive_is_off(pipeline: Pipeline, tmp_path: Path) -> None:
    root = tmp_path / "w"
    drop(root, "note.txt", CLINICAL_NOTE.encode())
    make_watcher(pipeline, root, keep_originals=False).run_until_idle()
    assert files_under(root / "archive") == []
    assert len(files_under(root / "outbox") + files_under(root / "review")) == 2
    assert os.listdir(root / "inbox") == []


def test_in_the_background_as_serve_runs_it(pipeline: Pipeline, tmp_path: Path) -> None:
    settings = load_settings(
        overrides={"watch_dir": str(tmp_path / "w"), "watch_stable_ms": 0, "watch_poll_ms": 20},
        environ={},
    )
    thread, stop = start_in_background(pipeline, settings)
    try:
        drop(tmp_path / "w", "desk-4/note.txt", CLINICAL_NOTE.encode())
        deadline = time.monotonic() + 180
        while not files_under(tmp_path / "w" / "archive") and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=120)
    assert not thread.is_alive()
    assert [p.parent.name for p in files_under(tmp_path / "w" / "archive")] == ["desk-4"]


def test_a_failure_outside_the_pipeline_leaves_the_claim_for_the_next_start(
    pipeline: Pipeline, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "w"
    drop(root, "secret-name.txt", CLINICAL_NOTE.encode())
    first = make_watcher(pipeline, root)

    def disk_full(*args: Any, **kwargs: Any) -> str:
        raise OSError(28, "No space left on device", "secret-name.txt")

    first._place_outputs = disk_full  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="classifier.watch.watcher"):
        counts = first.run_until_idle()
    assert counts["failed"] == 1 and len(files_under(root / "processing")) == 1
    assert "OSError" in caplog.text and "secret-name" not in caplog.text

    assert make_watcher(pipeline, root).run_until_idle()["failed"] == 0
    assert files_under(root / "processing") == []
    assert len(files_under(root / "outbox") + files_under(root / "review")) == 2
