from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

from classifier.audit import GENESIS, AuditLog, read_records


def _chain_ok(directory: Path) -> bool:
    prev = GENESIS
    for path in AuditLog(directory).files():
        for n, line in enumerate(path.read_bytes().splitlines(), 1):
            record = json.loads(line)
            if record["prev"] != prev or record["seq"] != n:
                return False
            prev = hashlib.sha256(line).hexdigest()
    return True


def test_records_are_chained(tmp_path: Path) -> None:
    log = AuditLog(tmp_path)
    for i in range(5):
        log.record("document.processed", n=i)
    records = read_records(tmp_path)
    assert [r["seq"] for r in records] == [1, 2, 3, 4, 5]
    assert records[0]["prev"] == GENESIS
    assert _chain_ok(tmp_path)
    assert records[0]["time"].endswith("Z")


def test_chain_continues_across_instances(tmp_path: Path) -> None:
    AuditLog(tmp_path).record("a")
    AuditLog(tmp_path).record("b")
    assert _chain_ok(tmp_path)


def test_editing_a_record_breaks_the_chain(tmp_path: Path) -> None:
    log = AuditLog(tmp_path)
    for i in range(3):
        log.record("e", n=i)
    (path,) = log.files()
    path.write_text(path.read_text().replace('"n":1', '"n":7'))
    assert not _chain_ok(tmp_path)


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    logs = [AuditLog(tmp_path) for _ in range(4)]
    threads = [
        threading.Thread(target=lambda lg=lg: [lg.record("e") for _ in range(25)]) for lg in logs
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(read_records(tmp_path)) == 100
    assert _chain_ok(tmp_path)
