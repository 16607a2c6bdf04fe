"""Data at rest: quarantined originals, the watched folder's archive and quarantine, the
corrections export and the state database are owner-only (0600 files in 0700 folders), and
kept originals are purged after the retention period (classifier/security/at_rest.py)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

from classifier.audit.log import read_records
from classifier.pipeline import Pipeline
from classifier.service.documents import DocumentService, export_corrections
from classifier.service.store import Store
from classifier.settings import Settings
from classifier.stages import ingest
from classifier.watch.watcher import Watcher
from tests.documents import CLINICAL_NOTE

BROKEN_PDF = b"%PDF-1.7\n1 0 obj << broken"
DAY = 86400


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_quarantined_originals_are_owner_only(pipeline: Pipeline) -> None:
    pipeline.process(ingest.ingest_bytes(BROKEN_PDF, "scan.pdf"))
    stored = _files(pipeline.quarantine_dir)
    assert len(stored) == 2  # the original and its reason file
    assert {_mode(p) for p in stored} == {0o600}
    assert _mode(pipeline.quarantine_dir) == 0o700


def test_state_database_is_owner_only(tmp_path: Path) -> None:
    old = tmp_path / "old" / "state.sqlite3"
    old.parent.mkdir()
    old.touch(mode=0o644)
    os.chmod(old, 0o644)  # as an earlier release left it
    for path in (tmp_path / "new" / "state.sqlite3", old):
        store = Store(path)
        store.add_user("u", "hash", "admin")
        assert _mode(path) == 0o600
        assert {_mode(p) for p in path.parent.glob("state.sqlite3*")} == {0o600}  # -wal, -shm
        store.close()
    assert _mode(tmp_path / "new") == 0o700


def test_watch_archive_and_quarantine_are_owner_only_and_purged(
    pipeline: Pipeline, tmp_path: Path
) -> None:
    root = tmp_path / "w"
    watcher = Watcher(pipeline, root, stable_seconds=0, poll_seconds=0.01, retention_days=30)
    for rel, content in (("ward/note.txt", CLINICAL_NOTE.encode()), ("ward/x.pdf", BROKEN_PDF)):
        path = root / "inbox" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        os.chmod(path, 0o644)
    watcher.run_until_idle()
    kept = _files(root / "archive") + _files(root / "quarantine")
    assert len(kept) == 3  # the archived note, the quarantined PDF and its reason
    assert {_mode(p) for p in kept} == {0o600}
    assert _mode(root / "archive") == _mode(root / "quarantine") == 0o700

    assert watcher.purge_expired(now=time.time() + 29 * DAY) == 0  # checked hourly, not yet due
    watcher._last_purge = None
    assert watcher.purge_expired(now=time.time() + 31 * DAY) == 3
    assert _files(root / "archive") + _files(root / "quarantine") == []
    (purged,) = [r for r in read_records(pipeline.audit.directory) if r["event"] == "watch.purged"]
    assert purged["files"] == 3 and purged["retention_days"] == 30


def test_service_purges_quarantine_and_exports_owner_only(
    pipeline: Pipeline, test_settings: Settings, tmp_path: Path
) -> None:
    service = DocumentService(test_settings, pipeline)
    try:
        pipeline.process(ingest.ingest_bytes(BROKEN_PDF, "scan.pdf"))
        assert len(_files(pipeline.quarantine_dir)) == 2
        days = test_settings.retention_days
        service.purge_expired(now=time.time() + (days - 1) * DAY, force=True)
        assert len(_files(pipeline.quarantine_dir)) == 2
        service.purge_expired(now=time.time() + (days + 1) * DAY, force=True)
        assert _files(pipeline.quarantine_dir) == []
        events = read_records(pipeline.audit.directory)
        assert any(r["event"] == "quarantine.purged" and r["files"] == 2 for r in events)

        out = tmp_path / "exports" / "corrections.jsonl"
        export_corrections(service.store, service.vault, pipeline.audit, out, "admin")
        assert _mode(out) == 0o600 and _mode(out.parent) == 0o700
    finally:
        service.close()
