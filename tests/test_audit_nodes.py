"""Audit across nodes (classifier/audit/): machines that share one audit folder each keep a chain
of their own (`node_id` in the file names, own checkpoints); `audit verify` checks every chain
and reports per node; `audit export` merges them in time order. A trail written before node ids
keeps verifying."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from classifier.audit.export import export, parse_since
from classifier.audit.format import checkpoints_name, log_files, nodes
from classifier.audit.keys import load_keys
from classifier.audit.log import AuditLog, read_records
from classifier.audit.retention import apply_retention
from classifier.audit.verify import TrailReport, verify
from classifier.errors import AuditError, SettingsError
from classifier.settings import ROOT, host_node_id, load_settings
from tests.audit_trail import START, Clock
from tests.web_fixtures import app, service_of, web_settings  # noqa: F401

WRITER = """
import sys
from classifier.audit.log import AuditLog
from classifier.settings import load_settings
log = AuditLog.from_settings(load_settings())
for i in range(int(sys.argv[1])):
    log.record("document.processed", document_id=f"{log.node}-{i}", outcome="success")
log.close()
"""


def _env(tmp_path: Path, node: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    return env | {
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "shared" / "audit"),
        "CLASSIFIER_AUDIT_KEY_DIR": str(tmp_path / "keys"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / f"var-{node}"),
        "CLASSIFIER_AUDIT_CHECKPOINT_EVERY": "7",
        "CLASSIFIER_NODE_ID": node,
    }


def _two_nodes_write(tmp_path: Path, count: int) -> Path:
    """Two processes, nodes `web-1` and `worker-1`, writing into one folder at once."""
    AuditLog(tmp_path / "shared" / "audit", key_dir=tmp_path / "keys")  # keys made once, first
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(count)], cwd=ROOT, env=_env(tmp_path, node)
        )
        for node in ("web-1", "worker-1")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    return tmp_path / "shared" / "audit"


def _check(audit_dir: Path, tmp_path: Path) -> TrailReport:
    return verify(audit_dir, load_keys(tmp_path / "keys"), 7)


def _verify_cli(audit_dir: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    command = ["audit", "verify", "--dir", str(audit_dir), "--key-dir", str(tmp_path / "keys")]
    return subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", *command],
        cwd=ROOT,
        env=_env(tmp_path, "admin-box"),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_two_nodes_on_one_folder_keep_a_chain_each(tmp_path: Path) -> None:
    audit_dir = _two_nodes_write(tmp_path, 60)
    assert nodes(audit_dir) == ["web-1", "worker-1"]
    assert {p.name for p in audit_dir.glob("checkpoints*.jsonl")} == {
        "checkpoints-web-1.jsonl",
        "checkpoints-worker-1.jsonl",
    }
    for node in ("web-1", "worker-1"):
        (path,) = log_files(audit_dir, node)
        assert path.name.startswith(f"audit-{node}-")
        records = [json.loads(line) for line in path.read_bytes().splitlines()]
        assert [r["seq"] for r in records] == list(range(1, 61))  # never interleaved
        assert {r["node"] for r in records} == {node}
        assert [r["document_id"] for r in records] == [f"{node}-{i}" for i in range(60)]
    report = _check(audit_dir, tmp_path)
    assert report.ok, report.lines()
    assert [(c.node, c.records, c.last_seq, c.checkpoint_seq) for c in report.chains] == [
        ("web-1", 60, 60, 60),
        ("worker-1", 60, 60, 60),
    ]
    proc = _verify_cli(audit_dir, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    web, worker, summary = proc.stdout.splitlines()
    assert web.startswith("node web-1: OK: 60 records (seq 1-60, 1 file)")
    assert "last signed checkpoint: seq 60, " in web and web.endswith("the whole trail is covered)")
    assert worker.startswith("node worker-1: OK: 60 records")
    assert summary.startswith("OK: 120 records in 2 nodes, every chain and HMAC intact")


def test_one_node_tampered_fails_that_node_only(tmp_path: Path) -> None:
    audit_dir = _two_nodes_write(tmp_path, 20)
    (path,) = log_files(audit_dir, "worker-1")
    path.write_bytes(path.read_bytes().replace(b'"worker-1-5"', b'"worker-1-X"'))
    report = _check(audit_dir, tmp_path)
    assert report.failed() == ["worker-1"]
    assert report.chain("web-1").ok and not report.chain("worker-1").ok
    assert [(p.kind, p.file) for p in report.problems] == [("hmac", path.name)]
    proc = _verify_cli(audit_dir, tmp_path)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"{path.name}:6 (seq 6): hmac: ")
    assert lines[1].startswith("node web-1: OK: 20 records")
    assert lines[2].startswith("node worker-1: FAILED: 1 problem (hmac) in 19 records")  # 19 intact
    assert lines[3] == "FAILED: 1 problem (hmac) in 39 records in 2 nodes; failed: worker-1"


def test_files_and_checkpoints_moved_between_nodes_are_caught(tmp_path: Path) -> None:
    audit_dir = _two_nodes_write(tmp_path, 10)
    (path,) = log_files(audit_dir, "web-1")
    path.rename(audit_dir / path.name.replace("web-1", "web-2"))  # a chain passed off as another
    (audit_dir / checkpoints_name("web-1")).rename(audit_dir / checkpoints_name("web-2"))
    report = _check(audit_dir, tmp_path)
    assert report.failed() == ["web-2"]
    messages = [p.message for p in report.chain("web-2").problems]
    assert any("record of node web-1 in the chain of web-2" in m for m in messages)
    assert any("signed for node web-1, not web-2" in m for m in messages)


def test_a_node_whose_files_were_all_deleted_is_missing(tmp_path: Path) -> None:
    audit_dir = _two_nodes_write(tmp_path, 10)
    for path in log_files(audit_dir, "worker-1"):
        path.unlink()
    report = _check(audit_dir, tmp_path)
    assert report.failed() == ["worker-1"]  # its checkpoints still name it
    assert [p.kind for p in report.chain("worker-1").problems] == ["missing"]


def _node_log(tmp_path: Path, node: str, clock: Clock) -> AuditLog:
    return AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys", clock=clock, node=node)


def test_export_merges_every_node_in_time_order(tmp_path: Path) -> None:
    a_clock, b_clock = Clock(), Clock()
    a, b = _node_log(tmp_path, "a", a_clock), _node_log(tmp_path, "b", b_clock)
    b.record("e", n="b1")  # 09:00:01 on both: the tie goes by node id, a first
    a.record("e", n="a1")
    a.record("e", n="a2")  # 09:00:02
    a_clock.jump(seconds=10)
    a.record("e", n="a3")  # 09:00:13
    b.record("e", n="b2")  # 09:00:02 (the tie again)
    b_clock.jump(seconds=-5)
    b.record("e", n="b3")  # 08:59:58: b's clock stepped back; b's own order is kept
    b_clock.jump(seconds=20)
    b.record("e", n="b4")  # 09:00:19
    out = io.StringIO()
    assert export(tmp_path / "audit", parse_since("2026-03-01"), "csv", out) == 7
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["n"] for r in rows] == ["a1", "b1", "a2", "b2", "b3", "a3", "b4"]
    assert [r["node"] for r in rows] == ["a", "b", "a", "b", "b", "a", "b"]
    assert [r["seq"] for r in rows] == ["1", "1", "2", "2", "3", "3", "4"]
    assert list(rows[0])[:7] == ["seq", "time", "event", "source", "actor", "outcome", "node"]
    jsonl = io.StringIO()
    export(tmp_path / "audit", parse_since("2026-03-01"), "jsonl", jsonl)
    assert [json.loads(x)["n"] for x in jsonl.getvalue().splitlines()] == [r["n"] for r in rows]
    assert [r["n"] for r in read_records(tmp_path / "audit")] == [r["n"] for r in rows]


def test_a_trail_from_before_node_ids_keeps_verifying_beside_node_chains(tmp_path: Path) -> None:
    clock = Clock()
    legacy = AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys", clock=clock)
    for i in range(5):
        legacy.record("document.processed", n=i)
    legacy.close()
    assert [p.name for p in legacy.files()] == ["audit-20260301-001.jsonl"]
    alone = verify(tmp_path / "audit", load_keys(tmp_path / "keys"))
    assert alone.summary().startswith("OK: 5 records (seq 1-5, 1 file)")  # as before node ids
    assert alone.output()[0].startswith("last signed checkpoint: seq 5, ")
    upgraded = _node_log(tmp_path, "box-1", clock)  # the same machine after the upgrade
    with upgraded:
        upgraded.record("service.started")
    report = verify(tmp_path / "audit", load_keys(tmp_path / "keys"))
    assert report.ok, report.lines()
    assert [(c.node, c.records) for c in report.chains] == [("", 5), ("box-1", 1)]
    assert report.output()[0].startswith("node (no node id): OK: 5 records")
    with pytest.raises(AuditError, match="2 chains"):
        _ = report.last_seq
    (tmp_path / "audit" / "audit-20260301-001.jsonl").unlink()
    assert verify(tmp_path / "audit", load_keys(tmp_path / "keys")).failed() == [""]


def test_retention_prunes_one_node_chain_only(tmp_path: Path) -> None:
    clock = Clock()
    a, b = _node_log(tmp_path, "a", clock), _node_log(tmp_path, "b", clock)
    for _ in range(3):
        for log in (a, b):
            log.record("document.processed", size=1)
        clock.jump(days=1)
    a.close()
    b.close()
    result = apply_retention(a, 1, now=START + dt.timedelta(days=4))
    assert result.deleted == ["audit-a-20260301-001.jsonl", "audit-a-20260302-001.jsonl"]
    assert len(b.files()) == 3
    assert verify(tmp_path / "audit", load_keys(tmp_path / "keys")).ok


def test_node_id_setting() -> None:
    assert load_settings(environ={}).node_id == host_node_id()
    assert host_node_id("Web_01.Example.ORG") == "web_01.example.org"
    assert host_node_id("--") == "node"
    assert load_settings({"node_id": "worker-2"}, environ={}).node_id == "worker-2"
    with pytest.raises(SettingsError, match="node_id"):
        load_settings({"node_id": "../etc"}, environ={})
    with pytest.raises(AuditError, match="node id"):
        AuditLog("/nonexistent", node="a/b")


def test_the_auditors_status_lists_every_node(tmp_path: Path) -> None:
    from classifier.service import audit_view

    audit_dir = _two_nodes_write(tmp_path, 8)
    status = audit_view.status(audit_dir, tmp_path / "keys", 7)
    assert status["ok"] and status["records"] == 16
    assert [
        (n["node"], n["ok"], n["records"], n["checkpoint"]["seq"]) for n in status["nodes"]
    ] == [
        ("web-1", True, 8, 8),
        ("worker-1", True, 8, 8),
    ]
    assert status["checkpoint"]["node"] in ("web-1", "worker-1")


def test_the_audit_page_shows_each_node(app: Flask) -> None:  # noqa: F811
    from classifier.security.access import create_user

    settings = service_of(app).settings
    service_of(app).audit.record("service.started", outcome="success")  # this node's chain
    other = AuditLog(settings.audit_dir, key_dir=Path(settings.data_dir) / "keys", node="worker-9")
    with other:
        other.record("document.processed", document_id="w9", outcome="success")
    create_user(service_of(app).store, "audrey", "a long enough password", "auditor")
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(user="audrey", role="auditor", csrf="t")
    page = client.get("/audit").get_data(as_text=True)
    assert 'id="audit-nodes"' in page
    assert "worker-9: OK, 1 records" in page and f"{settings.node_id}: OK" in page
    assert "<td>worker-9 1</td>" in page  # the node beside its own sequence number


def _machine(tmp_path: Path, host: str, clock: Clock) -> AuditLog:
    return AuditLog(
        tmp_path / "audit", key_dir=tmp_path / "keys", node="web-1", host=host, clock=clock
    )


def test_a_second_machine_with_the_same_node_id_is_refused(tmp_path: Path) -> None:
    """Two machines given one node_id would fork its chain: the second is refused with the
    reason (the other host, what to do), before it writes anything."""
    clock = Clock()
    first, second = _machine(tmp_path, "box-a", clock), _machine(tmp_path, "box-b", clock)
    first.record("service.started", outcome="success")
    with pytest.raises(AuditError, match=r"in use by host 'box-a'.*own node_id") as refused:
        second.claim()
    with pytest.raises(AuditError):
        second.record("document.processed", document_id="d1", outcome="success")
    assert "d1" not in str(refused.value)
    again = _machine(tmp_path, "box-a", clock)  # another process of the same machine
    again.record("document.processed", document_id="d2", outcome="success")
    first.close()
    assert [r["document_id"] for r in read_records(tmp_path / "audit") if "document_id" in r] == [
        "d2"
    ]
    assert verify(tmp_path / "audit", load_keys(tmp_path / "keys")).ok


def test_a_stale_claim_is_taken_over_and_the_idle_machine_then_refuses(tmp_path: Path) -> None:
    """A machine that stopped writing for CLAIM_SECONDS loses its node to a replacement; if it
    comes back it refuses its next record instead of forking the chain."""
    from classifier.audit.node_claim import CLAIM_SECONDS

    clock = Clock()
    old, new = _machine(tmp_path, "box-a", clock), _machine(tmp_path, "box-b", clock)
    old.record("service.started", outcome="success")
    clock.jump(seconds=CLAIM_SECONDS + 1)
    new.claim()
    new.record("document.processed", document_id="d1", outcome="success")
    with pytest.raises(AuditError, match="in use by host 'box-b'"):
        old.record("document.processed", document_id="d2", outcome="success")
    new.close()
    assert verify(tmp_path / "audit", load_keys(tmp_path / "keys")).ok


def test_a_clean_stop_releases_the_node_at_once(tmp_path: Path) -> None:
    clock = Clock()
    old, new = _machine(tmp_path, "box-a", clock), _machine(tmp_path, "box-b", clock)
    old.record("service.started", outcome="success")
    old.release()
    new.claim()
    new.record("service.started", outcome="success")
    new.release()
    assert not list((tmp_path / "audit").glob(".claim-*"))
    assert verify(tmp_path / "audit", load_keys(tmp_path / "keys")).ok


def test_the_worker_of_a_duplicate_node_id_fails_to_start(tmp_path: Path) -> None:
    """`classifier worker` on a machine whose node_id another host writes: it exits at once
    with the reason, before taking any task."""
    audit = tmp_path / "shared" / "audit"
    audit.mkdir(parents=True)
    (audit / ".claim-web-1").write_text(
        json.dumps({"host": "elsewhere", "time": dt.datetime.now().timestamp()})
    )
    env = _env(tmp_path, "web-1") | {"CLASSIFIER_BROKER_URL": "redis://127.0.0.1:6379/15"}
    done = subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", "worker"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert "in use by host 'elsewhere'" in done.stderr
