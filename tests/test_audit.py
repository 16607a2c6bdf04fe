"""The audit trail writer on real files: sealing, keys, checkpoints, crash safety, rotation,
concurrent writers, export, retention and the `classifier audit` commands."""

from __future__ import annotations

import csv
import io
import itertools
import json
import multiprocessing
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from classifier.audit.export import export, parse_since
from classifier.audit.format import CHECKPOINTS, line_hash, log_files
from classifier.audit.keys import HMAC_KEY, PUBLIC_KEY, SIGNING_KEY, load_keys
from classifier.audit.log import GENESIS, TORN_EVENT, AuditLog, read_records
from classifier.audit.retention import apply_retention
from classifier.audit.verify import RETENTION_EVENT
from classifier.errors import AuditError
from classifier.settings import ROOT
from tests.audit_trail import START, Clock, build_trail, check, kinds, lines, make_log

TORN = b'{"seq":4,"sha256":"fee1'


def _only_file(log: AuditLog) -> Path:
    (path,) = log.files()
    return path


# records ------------------------------------------------------------------------------------
def test_records_are_chained_and_sealed(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    for i in range(5):
        log.record("document.processed", n=i)
    records = read_records(log.directory)
    assert [r["seq"] for r in records] == [1, 2, 3, 4, 5]
    assert records[0]["prev"] == GENESIS
    rows = lines(_only_file(log))
    for a, b in itertools.pairwise(rows):
        assert json.loads(b)["prev"] == line_hash(a.rstrip(b"\n"))
    assert all(len(r["hmac"]) == 64 and r["time"].endswith("Z") for r in records)
    assert list(records[0]) == ["seq", "time", "event", "n", "prev", "hmac"]
    assert check(log).ok


def test_record_returns_what_was_written(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    written = log.record("service.started", version="1.2", pid=123)
    assert read_records(log.directory) == [written]


def test_has_record_finds_a_field_value_in_recent_files(tmp_path: Path) -> None:
    """How the watcher learns, after a crash, what the pipeline recorded: by record fields
    through the audit package, not by matching the files' bytes itself."""
    log = make_log(tmp_path)
    log.record("document.processed", document_id="d1", size=3)
    log.record("watch.duplicate", claim="c-1")
    assert log.has_record("document_id", "d1", since=0)
    assert log.has_record("claim", "c-1", since=0)
    assert not log.has_record("document_id", "c-1", since=0)  # the value under another key
    assert not log.has_record("size", "3", since=0)  # values compare as written, not as text
    assert not log.has_record("document_id", "d1", since=os.path.getmtime(_only_file(log)) + 60)


def test_chain_continues_across_instances(tmp_path: Path) -> None:
    make_log(tmp_path).record("a")
    make_log(tmp_path).record("b")
    assert [r["seq"] for r in read_records(tmp_path / "audit")] == [1, 2]
    assert check(make_log(tmp_path)).ok


def test_any_event_name_but_no_reserved_or_unserialisable_field(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    for event in ("service.started", "model.activated", "egress_refused", "review.decided"):
        log.record(event, outcome="success")
    with pytest.raises(AuditError, match="reserved audit field name"):
        log.record("x", seq=99)
    with pytest.raises(AuditError, match="not JSON-serialisable"):
        log.record("x", blob=object())
    assert [r["event"] for r in read_records(log.directory)][-1] == "review.decided"
    assert check(log).ok


def test_concurrent_threads_keep_one_chain(tmp_path: Path) -> None:
    logs = [make_log(tmp_path, checkpoint_every=7) for _ in range(4)]
    threads = [
        threading.Thread(target=lambda lg=lg: [lg.record("e") for _ in range(25)]) for lg in logs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r["seq"] for r in read_records(tmp_path / "audit")] == list(range(1, 101))
    assert check(logs[0]).ok


def _worker(directory: str, key_dir: str, count: int, start: Any) -> None:
    log = AuditLog(directory, key_dir=key_dir, checkpoint_every=7, max_bytes=8192)
    start.wait()
    for i in range(count):
        log.record("document.processed", worker=os.getpid(), n=i)
    log.close()


def test_concurrent_processes_keep_one_chain(tmp_path: Path) -> None:
    log = make_log(tmp_path, checkpoint_every=7, max_bytes=8192)  # creates the keys once
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(4)
    args = (str(log.directory), str(log.key_dir), 50, start)
    workers = [ctx.Process(target=_worker, args=args) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    records = read_records(log.directory)
    assert [r["seq"] for r in records] == list(range(1, 201))
    assert len({r["worker"] for r in records}) == 4
    assert len(log.files()) > 1  # they rotated by size while racing
    report = check(log)
    assert report.ok, report.lines()
    assert report.checkpoints >= 200 // 7


# keys and checkpoints -----------------------------------------------------------------------
def test_keys_are_private_and_kept_outside_the_log_directory(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    modes = {
        name: stat.S_IMODE((log.key_dir / name).stat().st_mode)
        for name in (HMAC_KEY, SIGNING_KEY, PUBLIC_KEY)
    }
    assert modes == {HMAC_KEY: 0o600, SIGNING_KEY: 0o600, PUBLIC_KEY: 0o644}
    assert stat.S_IMODE(log.key_dir.stat().st_mode) == 0o700
    assert not any(p.suffix in (".key", ".pub") for p in log.directory.iterdir())
    with pytest.raises(AuditError, match="outside the log directory"):
        AuditLog(tmp_path / "audit", key_dir=tmp_path / "audit")
    assert make_log(tmp_path).keys.key_id == log.keys.key_id  # created once, then reused


def test_verification_needs_the_keys_and_never_creates_them(tmp_path: Path) -> None:
    with pytest.raises(AuditError, match="audit key missing"):
        load_keys(tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_a_lost_signing_key_is_not_silently_replaced(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    (log.key_dir / SIGNING_KEY).unlink()
    with pytest.raises(AuditError, match="restore the signing key"):
        make_log(tmp_path)


def test_checkpoints_every_n_records_and_at_close(tmp_path: Path) -> None:
    with make_log(tmp_path, checkpoint_every=4) as log:
        for _ in range(10):
            log.record("e")
    checkpoints = [json.loads(row) for row in lines(log.directory / CHECKPOINTS)]
    assert [c["seq"] for c in checkpoints] == [4, 8, 10]
    head = lines(_only_file(log))[-1].rstrip(b"\n")
    assert checkpoints[-1]["head"] == line_hash(head)
    assert {c["key_id"] for c in checkpoints} == {log.keys.key_id}
    log.close()  # nothing new to cover: no second checkpoint for seq 10
    assert len(lines(log.directory / CHECKPOINTS)) == 3


def test_a_checkpoint_skipped_by_a_crash_is_written_by_the_next_writer(tmp_path: Path) -> None:
    log = make_log(tmp_path, checkpoint_every=4)
    for _ in range(4):
        log.record("e")
    (log.directory / CHECKPOINTS).unlink()  # as if the process died before writing it
    assert "checkpoint" in kinds(check(log))
    make_log(tmp_path, checkpoint_every=4).record("e")
    assert check(log).ok


# crash safety -------------------------------------------------------------------------------
def test_a_torn_last_line_is_reported_then_recorded_and_the_chain_goes_on(
    tmp_path: Path,
) -> None:
    log = make_log(tmp_path)
    for i in range(3):
        log.record("document.processed", n=i)
    path = _only_file(log)
    intact = path.read_bytes()
    with path.open("ab") as f:
        f.write(TORN)  # the process died mid-write
    report = check(log)
    assert kinds(report) == {"torn"} and report.exit_code == 3
    assert f"offset {len(intact)}" in report.problems[0].message

    make_log(tmp_path).record("document.processed", n=3)
    assert path.read_bytes().startswith(intact)  # earlier records untouched
    records = read_records(log.directory)
    torn = records[3]
    assert torn["event"] == TORN_EVENT
    assert (torn["file"], torn["offset"], torn["length"]) == (path.name, len(intact), len(TORN))
    assert torn["prev"] == line_hash(intact.splitlines()[-1])  # chained to the last whole one
    assert "fee1" not in json.dumps(torn)  # where and how long, never what
    assert [r["seq"] for r in records] == [1, 2, 3, 4, 5]
    report = check(log)
    assert report.ok, report.lines()
    assert (
        f"{path.name}:4: torn write of {len(TORN)} bytes at offset {len(intact)}"
        in (report.notes[0])
    )


def test_a_crash_while_recording_a_torn_line_is_covered_too(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    log.record("e")
    path = _only_file(log)
    with path.open("ab") as f:
        f.write(b'{"seq":2,"ti' + b"\n" + b'{"seq":2,"time":"x","event":"audit.torn')
    log.record("e")
    assert [r["event"] for r in read_records(log.directory)] == ["e", TORN_EVENT, "e"]
    assert check(log).ok


def test_a_record_that_lost_only_its_newline_is_kept(tmp_path: Path) -> None:
    log = make_log(tmp_path)
    log.record("e")
    log.record("e")
    path = _only_file(log)
    path.write_bytes(path.read_bytes()[:-1])
    assert check(log).ok
    log.record("e")
    assert [r["seq"] for r in read_records(log.directory)] == [1, 2, 3]
    assert check(log).ok and not check(log).notes


# rotation -----------------------------------------------------------------------------------
def test_rotation_by_size_keeps_one_chain(tmp_path: Path) -> None:
    log = make_log(tmp_path, max_bytes=1000, clock=Clock())
    for i in range(20):
        log.record("document.processed", sha256=f"{i:064x}")
    files = log.files()
    names = [p.name for p in files]
    assert names[:3] == [f"audit-20260301-00{n}.jsonl" for n in (1, 2, 3)]
    assert all(p.stat().st_size <= 1000 for p in files)
    for before, after in itertools.pairwise(files):
        assert json.loads(lines(after)[0])["prev"] == line_hash(lines(before)[-1].rstrip(b"\n"))
    assert check(log).ok


def test_rotation_by_utc_day_even_when_the_clock_goes_back(tmp_path: Path) -> None:
    clock = Clock()
    log = make_log(tmp_path, clock=clock)
    log.record("e")
    clock.jump(days=1)
    log.record("e")
    clock.jump(days=-1)  # NTP steps the clock back: never write to a file that sorts earlier
    log.record("e")
    clock.jump(days=3)
    log.record("e")
    names = [p.name for p in log.files()]
    assert names == [
        "audit-20260301-001.jsonl",
        "audit-20260302-001.jsonl",
        "audit-20260304-001.jsonl",
    ]
    assert [len(lines(p)) for p in log.files()] == [1, 2, 1]
    assert check(log).ok
    assert sorted(names) == names == [p.name for p in log_files(log.directory)]


# export -------------------------------------------------------------------------------------
def test_export_jsonl_is_the_exact_records_since_the_date(tmp_path: Path) -> None:
    log = build_trail(tmp_path)
    out = io.StringIO()
    assert export(log.directory, parse_since("2026-03-02"), "jsonl", out) == 16
    originals = b"".join(p.read_bytes() for p in log.files()[1:])
    assert out.getvalue().encode() == originals  # still checkable against the HMAC key


def test_export_csv_for_spreadsheets(tmp_path: Path) -> None:
    log = build_trail(tmp_path)
    log.record(
        "document.received",
        source="=HYPERLINK(1)",
        actor="ward-4/alice",
        size=-1,
        entity_counts={"PERSON": 2},
        outcome="success",
    )
    since = read_records(log.directory)[-5]["time"]
    out = io.StringIO()
    assert export(log.directory, parse_since(since), "csv", out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[:6] == ["seq", "time", "event", "source", "actor", "outcome"]
    assert list(rows[0])[-3:] == ["prev", "hmac", "log_file"]
    last = rows[-1]
    assert last["source"] == "'=HYPERLINK(1)"  # never run as a formula
    assert (last["actor"], last["size"], last["entity_counts"]) == (
        "ward-4/alice",
        "-1",
        '{"PERSON":2}',
    )
    assert rows[0]["log_file"] == "audit-20260303-001.jsonl"
    with pytest.raises(AuditError, match="expected YYYY-MM-DD"):
        parse_since("last tuesday")


# retention ----------------------------------------------------------------------------------
def test_retention_deletes_expired_verified_files_and_verify_still_holds(tmp_path: Path) -> None:
    log = build_trail(tmp_path)
    now = START.replace(day=13)
    assert apply_retention(log, 0, now).deleted == []  # 0 keeps everything
    result = apply_retention(log, 5, now, dry_run=True)
    assert result.deleted == ["audit-20260301-001.jsonl", "audit-20260302-001.jsonl"]
    assert len(log.files()) == 3

    result = apply_retention(log, 5, now)
    assert result.deleted == ["audit-20260301-001.jsonl", "audit-20260302-001.jsonl"]
    assert [p.name for p in log.files()] == ["audit-20260303-001.jsonl", "audit-20260304-001.jsonl"]
    event = read_records(log.directory)[-1]
    assert event["event"] == RETENTION_EVENT
    assert [(d["first_seq"], d["last_seq"]) for d in event["deleted"]] == [(1, 8), (9, 16)]
    report = check(log)
    assert report.ok, report.lines()
    assert "seq 1-16 deleted by the retention policy" in report.notes

    (log.directory / "audit-20260303-001.jsonl").unlink()  # anyone else deleting is caught
    assert "missing" in kinds(check(log))


def test_retention_never_deletes_a_file_that_does_not_verify(tmp_path: Path) -> None:
    log = build_trail(tmp_path)
    path = log.files()[1]
    path.write_bytes(path.read_bytes().replace(b'"size":101', b'"size":1'))
    result = apply_retention(log, 5, START.replace(day=13))
    assert result.deleted == []
    assert result.kept == [
        (p.name, "it or the file after it does not verify") for p in log.files()[:2]
    ]
    assert len(log.files()) == 3
    (log.directory / "stray.jsonl").write_text("")  # not a log name: not the trail's business
    (log.directory / "audit-x.jsonl").write_text("")  # a trail-wide problem: nothing goes
    path.write_bytes(path.read_bytes().replace(b'"size":1,', b'"size":101,'))
    assert [why for _, why in apply_retention(log, 5, START.replace(day=13)).kept] == [
        "trail does not verify (audit-x.jsonl: file: not a log file name the writer gives "
        "(renamed?))"
    ] * 2


# the commands -------------------------------------------------------------------------------
def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "audit"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / "var"),
    }
    return subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", "audit", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_audit_commands(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit", key_dir=tmp_path / "var" / "keys", clock=Clock())
    with log:
        for i in range(3):
            log.record("document.processed", n=i)
    proc = _cli(tmp_path, "verify")
    assert proc.returncode == 0, proc.stderr
    freshness, summary = proc.stdout.splitlines()
    assert summary == (
        "OK: 3 records (seq 1-3, 1 file), chain and HMACs intact, 1 signed checkpoint matches"
    )
    assert freshness.startswith("last signed checkpoint: seq 3, ")
    assert freshness.endswith("0 records after it (the whole trail is covered)")
    out = tmp_path / "export.csv"
    proc = _cli(tmp_path, "export", "--since", "2026-03-01", "--format", "csv", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "exported 3 records" in proc.stderr
    assert len(out.read_text().splitlines()) == 4

    path = _only_file(log)
    path.write_bytes(path.read_bytes().replace(b'"n":1', b'"n":7'))
    proc = _cli(tmp_path, "verify")
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith(f"{path.name}:2 (seq 2): hmac: ")
    assert proc.stdout.splitlines()[-1].startswith("FAILED: 1 problem (hmac)")
    proc = _cli(tmp_path, "verify", "--key-dir", str(tmp_path / "none"))
    assert proc.returncode == 2 and "audit key missing" in proc.stdout
