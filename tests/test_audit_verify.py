"""`classifier audit verify` catches each kind of tampering, on real files, and says where.

The trail: three UTC days of 8 records (files audit-20260301/02/03-001.jsonl, seq 1-24), a
checkpoint every 5 records and one at close (seq 5, 10, 15, 20, 24).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from classifier.audit.format import CHECKPOINTS, line_hash, seal
from classifier.audit.keys import load_or_create_keys
from classifier.audit.log import AuditLog
from tests.audit_trail import build_trail, check, edit_lines, kinds, lines

DAY1, DAY2, DAY3 = (f"audit-2026030{d}-001.jsonl" for d in (1, 2, 3))


@pytest.fixture
def trail(tmp_path: Path) -> AuditLog:
    return build_trail(tmp_path)


def _messages(log: AuditLog) -> str:
    return "\n".join(check(log).lines())


def test_an_untouched_trail_verifies(trail: AuditLog) -> None:
    report = check(trail)
    assert report.ok and report.exit_code == 0, report.lines()
    assert (report.records, report.first_seq, report.last_seq) == (24, 1, 24)
    assert len(report.files) == 3
    assert report.checkpoints == 5
    assert report.lines() == [report.summary()]
    assert report.summary().startswith("OK: 24 records (seq 1-24, 3 files)")


# each tampering: what is done to the trail ----------------------------------------------
def modify(log: AuditLog) -> None:
    path = log.directory / DAY2
    path.write_bytes(path.read_bytes().replace(b'"size":102', b'"size":999'))


def insert_forged(log: AuditLog) -> None:
    with edit_lines(log.directory / DAY1) as rows:
        fake = json.loads(rows[3])
        fake["size"] = 1
        rows.insert(4, json.dumps(fake, separators=(",", ":")).encode() + b"\n")


def insert_replayed(log: AuditLog) -> None:
    with edit_lines(log.directory / DAY1) as rows:
        rows.insert(5, rows[1])  # a genuine record, sealed with the right key, repeated


def insert_garbage(log: AuditLog) -> None:
    with edit_lines(log.directory / DAY2) as rows:
        rows.insert(2, b"not a record\n")


def delete_record(log: AuditLog) -> None:
    with edit_lines(log.directory / DAY1) as rows:
        del rows[3]


def reorder(log: AuditLog) -> None:
    with edit_lines(log.directory / DAY3) as rows:
        rows[2], rows[3] = rows[3], rows[2]


def truncate_records(log: AuditLog) -> None:
    with edit_lines(log.directory / DAY3) as rows:
        del rows[-2:]


def truncate_mid_line(log: AuditLog) -> None:
    path = log.directory / DAY3
    path.write_bytes(path.read_bytes()[:-40])


def swap_files(log: AuditLog) -> None:
    first, second = log.directory / DAY1, log.directory / DAY2
    a, b = first.read_bytes(), second.read_bytes()
    first.write_bytes(b)
    second.write_bytes(a)


def delete_first_file(log: AuditLog) -> None:
    (log.directory / DAY1).unlink()


def delete_middle_file(log: AuditLog) -> None:
    (log.directory / DAY2).unlink()


def delete_last_file(log: AuditLog) -> None:
    (log.directory / DAY3).unlink()


def plant_file(log: AuditLog) -> None:
    (log.directory / "audit-20260301-001-old.jsonl").write_bytes(
        (log.directory / DAY1).read_bytes()
    )


def alter_checkpoint(log: AuditLog) -> None:
    with edit_lines(log.directory / CHECKPOINTS) as rows:
        rows[1] = rows[1].replace(b'"seq":10', b'"seq":11')


def remove_checkpoints(log: AuditLog) -> None:
    with edit_lines(log.directory / CHECKPOINTS) as rows:
        del rows[2:]  # only seq 5 and 10 left


TAMPERING: list[tuple[Callable[[AuditLog], None], set[str], str]] = [
    (modify, {"hmac"}, f"{DAY2}:3 (seq 11): hmac: HMAC mismatch: record modified"),
    (insert_forged, {"hmac"}, f"{DAY1}:5 (seq 4): hmac: HMAC mismatch"),
    (insert_replayed, {"order"}, f"{DAY1}:6 (seq 2): order: seq 2 after seq 5"),
    (insert_garbage, {"corrupt"}, f"{DAY2}:3: corrupt: not a record"),
    (delete_record, {"missing"}, f"{DAY1}:4 (seq 5): missing: seq 4 missing"),
    (reorder, {"missing", "order"}, f"{DAY3}:4 (seq 19): order: seq 19 after seq 20"),
    (truncate_records, {"missing"}, f"seq 24 in {DAY3}, but the trail ends at seq 22"),
    # cut mid-line it looks like a crash, but the closing checkpoint says records were there
    (truncate_mid_line, {"torn", "missing"}, "but the trail ends at seq 23"),
    (swap_files, {"file", "order", "missing", "checkpoint"}, f"{DAY1}:1 (seq 9): file: record"),
    (delete_first_file, {"missing"}, "seq 1-8 missing before the first file"),
    (delete_middle_file, {"missing"}, f"{DAY3}:1 (seq 17): missing: seq 9-16 missing (a file"),
    (delete_last_file, {"missing"}, "covers seq 24"),
    (plant_file, {"file"}, "audit-20260301-001-old.jsonl: file: not a log file name"),
    (alter_checkpoint, {"checkpoint"}, f"{CHECKPOINTS}:2: checkpoint: signature does not verify"),
    (remove_checkpoints, {"checkpoint"}, "no checkpoint at or after seq 20"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("tamper", "expected", "message"), TAMPERING, ids=[t[0].__name__ for t in TAMPERING]
)
def test_tampering_is_found_and_located(
    trail: AuditLog, tamper: Callable[[AuditLog], None], expected: set[str], message: str
) -> None:
    tamper(trail)
    report = check(trail)
    assert kinds(report) == expected, report.lines()
    assert report.exit_code == 1
    assert message in "\n".join(report.lines())
    assert report.summary().startswith("FAILED: ")


def test_records_forged_with_another_key(trail: AuditLog, tmp_path: Path) -> None:
    forger = AuditLog(trail.directory, key_dir=tmp_path / "other-keys", checkpoint_every=5)
    forger.record("document.released", sha256="ff" * 32)
    assert "hmac" in kinds(check(trail))
    assert "(seq 25): hmac: HMAC mismatch: record modified, or forged" in _messages(trail)


def test_a_chain_rebuilt_with_the_hmac_key_is_caught_by_the_signed_checkpoints(
    trail: AuditLog,
) -> None:
    """An insider with the HMAC key (not the signing key) edits seq 2, then re-seals and
    re-links every line after it: HMACs and chain hold, only the checkpoints can tell."""
    prev = None
    for path in trail.files():
        with edit_lines(path) as rows:
            for i, row in enumerate(rows):
                fields = json.loads(row)
                del fields["hmac"]
                fields["size"] = 1 if fields["seq"] == 2 else fields["size"]
                fields["prev"] = prev or fields["prev"]
                line = seal(fields, "hmac", trail.keys.mac)
                rows[i], prev = line + b"\n", line_hash(line)
    assert kinds(check(trail)) == {"checkpoint"}
    assert "the log was altered after it was signed" in _messages(trail)


def test_checkpoint_signed_by_another_key(trail: AuditLog, tmp_path: Path) -> None:
    other = load_or_create_keys(tmp_path / "other-keys")
    body = {"seq": 24, "head": "0" * 64, "file": "x", "time": "t", "every": 5}
    line = seal({**body, "key_id": other.key_id}, "sig", other.sign)
    with (trail.directory / CHECKPOINTS).open("ab") as f:
        f.write(line + b"\n")
    assert f"{CHECKPOINTS}:6: checkpoint: signed by key {other.key_id}" in _messages(trail)


def test_a_checkpoint_file_line_torn_by_a_crash_is_a_note(trail: AuditLog) -> None:
    with (trail.directory / CHECKPOINTS).open("ab") as f:
        f.write(b'{"seq":25,"he')
    report = check(trail)
    assert report.ok, report.lines()
    assert f"{CHECKPOINTS}:6: unreadable line ignored" in report.lines()[0]
    assert len(lines(trail.directory / CHECKPOINTS)) == 6
