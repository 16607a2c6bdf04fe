"""Cutting the tail of the audit trail is detected: a signed checkpoint ends every batch, every
service stop, and follows any record within `audit_checkpoint_seconds` (classifier/audit/log.py);
`audit verify` says how fresh the newest checkpoint is."""

from __future__ import annotations

import json
import time
from pathlib import Path

from classifier.audit.format import CHECKPOINTS, log_files
from classifier.audit.keys import load_keys
from classifier.audit.log import AuditLog
from classifier.audit.verify import verify
from tests.documents import CLINICAL_NOTE
from tests.server_process import cli, state_env


def _drop_last_record(audit_dir: Path) -> None:
    path = log_files(audit_dir)[-1]
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-1]))


def test_a_batch_of_six_ends_with_a_checkpoint_so_a_cut_tail_fails_verify(
    tmp_path: Path,
) -> None:
    batch = tmp_path / "in.jsonl"
    notes = [CLINICAL_NOTE.replace("0142", f"{i:04d}") for i in range(6)]
    batch.write_text(
        "".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(notes))
    )
    env = state_env(tmp_path)
    cli(env, "batch", str(batch), "--out", str(tmp_path / "out.jsonl"), "--quiet")
    audit_dir, keys = tmp_path / "audit", load_keys(tmp_path / "var" / "keys")
    report = verify(audit_dir, keys)
    assert report.ok, report.lines()
    assert report.checkpoint_seq == report.last_seq  # the batch's last record is signed
    assert report.freshness().endswith("0 records after it (the whole trail is covered)")

    _drop_last_record(audit_dir)
    report = verify(audit_dir, keys)
    assert not report.ok
    assert [p.kind for p in report.problems] == ["missing"]
    assert "records cut off the end" in report.problems[0].message


def test_the_timer_signs_a_checkpoint_over_a_quiet_tail(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys", checkpoint_seconds=0.2)
    for i in range(3):
        log.record("document.processed", n=i)
    before = verify(log.directory, load_keys(log.key_dir))
    assert before.checkpoint_seq == 0 and "3 records not covered" in before.freshness()
    deadline = time.monotonic() + 10
    while not (log.directory / CHECKPOINTS).exists():
        assert time.monotonic() < deadline, "no timed checkpoint"
        time.sleep(0.05)
    report = verify(log.directory, load_keys(log.key_dir))
    assert report.ok and report.checkpoint_seq == 3, report.lines()
    _drop_last_record(log.directory)
    assert not verify(log.directory, load_keys(log.key_dir)).ok


def test_verify_says_how_many_records_follow_the_last_checkpoint(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys", checkpoint_every=4)
    for i in range(6):
        log.record("document.processed", n=i)
    freshness = verify(log.directory, load_keys(log.key_dir)).freshness()
    assert freshness.startswith("last signed checkpoint: seq 4, ")
    assert freshness.endswith("2 records after it (not covered yet)")


def test_an_admin_command_ends_with_a_checkpoint(tmp_path: Path) -> None:
    """`classifier tokens create` (like every admin command) signs over its own record."""
    env = state_env(tmp_path)
    cli(env, "tokens", "create", "--role", "auditor", "--name", "records")
    audit_dir, keys = tmp_path / "audit", load_keys(tmp_path / "var" / "keys")
    report = verify(audit_dir, keys)
    assert report.ok and report.checkpoint_seq == report.last_seq, report.lines()
    _drop_last_record(audit_dir)
    assert not verify(audit_dir, keys).ok
