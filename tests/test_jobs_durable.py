"""Accepted jobs survive a crash: the real service is killed with SIGKILL while `?wait=false`
jobs are queued and running, started again on the same state, and every job ends processed,
quarantined or failed with a reason; none is audited twice (classifier/service/recovery.py)."""

from __future__ import annotations

import collections
import time
from pathlib import Path

from classifier.audit.keys import load_keys
from classifier.audit.log import read_records
from classifier.audit.verify import verify
from classifier.pipeline import OUTCOME_EVENTS, Pipeline
from classifier.service import recovery
from classifier.service.documents import DocumentService
from classifier.service.store import DocumentRow
from classifier.settings import Settings
from classifier.stages import ingest
from tests.documents import CLINICAL_NOTE, eml_bytes
from tests.server_process import Server, cli, state_env

JOBS = 40
FINAL = {"processed", "quarantined", "failed"}


def _note(i: int) -> str:
    return CLINICAL_NOTE.replace("0142", f"{i:04d}")


def test_kill_9_with_jobs_queued_and_running(tmp_path: Path) -> None:
    env = state_env(tmp_path, job_workers="1")
    token = cli(env, "tokens", "create", "--role", "submitter").strip()
    server = Server(env, tmp_path / "server.log").wait_ready()
    ids = []
    try:
        for i in range(JOBS):
            status, body = server.call("/api/v1/documents?wait=false", token, {"text": _note(i)})
            assert status == 202 and body["status"] == "queued"
            ids.append(body["id"])
        before = server.wait_until(
            token, lambda s: sum(v in FINAL for v in s.values()) >= 2, timeout=120
        )
    finally:
        server.kill()
    assert sum(v in FINAL for v in before.values()) < JOBS, "all done before the kill"

    server = Server(env, tmp_path / "server.log").wait_ready()
    try:
        after = server.wait_until(token, lambda s: all(v in FINAL for v in s.values()), timeout=300)
        views = [server.call(f"/api/v1/documents/{i}", token)[1] for i in ids]
    finally:
        server.stop()
    assert sorted(after) == sorted(ids)
    for view in views:
        assert view["status"] in FINAL
        if view["status"] != "processed":
            assert view["error"]["reason"]
    records = read_records(tmp_path / "audit")
    outcomes = collections.Counter(
        r["document_id"] for r in records if r["event"] in OUTCOME_EVENTS
    )
    assert max(outcomes.values()) == 1, "a document audited twice"
    settled = {i for i, v in after.items() if v in ("processed", "quarantined")}
    assert settled <= set(outcomes)
    reconciled = [r for r in records if r["event"] == recovery.RECONCILED_EVENT]
    assert reconciled, "nothing was left unfinished by the kill"
    steps = collections.Counter((r["found"], r["action"]) for r in reconciled)
    print(f"kill -9: {dict(collections.Counter(before.values()))} -> {dict(steps)}")
    print(f"after restart: {dict(collections.Counter(after.values()))}")
    report = verify(tmp_path / "audit", load_keys(tmp_path / "var" / "keys"))
    assert report.ok, report.lines()


# the reconciliation in one process: crashes after the audit record, before the row ----
def test_reconciliation_settles_rebuilds_without_a_second_record(
    pipeline: Pipeline, test_settings: Settings
) -> None:
    first = DocumentService(test_settings, pipeline)
    store, vault, audit = first.store, first.vault, pipeline.audit
    first.close()
    note = ingest.ingest_text(_note(7))
    corrupt = ingest.ingest_bytes(b"%PDF-1.7\n1 0 obj << broken", "scan.pdf")
    email = ingest.ingest_bytes(
        eml_bytes("See attached.", {"note.txt": _note(8).encode()}), "m.eml"
    )
    cases = (("processed", note), ("quarantined", corrupt), ("queued", note), ("email", email))
    ids = {}
    for name, document in cases:
        doc_id = f"job-{name}"
        store.add_document(
            doc_id,
            source="api",
            owner="tester",
            filename=document.filename,
            media_type=document.media_type,
            sha256=document.sha256,
            original=vault.seal(document.content, doc_id),
        )
        if name in ("processed", "quarantined"):  # audited; the crash came before the row
            store.update_document(doc_id, status="running")
            pipeline.process(document, doc_id)
        if name == "email":  # killed after its attachment's record, before its own
            store.update_document(doc_id, status="running")
            pipeline.process(ingest.ingest_text(_note(8)), f"{doc_id}.1")
        ids[name] = doc_id

    service = DocumentService(test_settings, pipeline)  # start-up: reconcile
    deadline = time.monotonic() + 120
    while any(store.document(i).status not in FINAL for i in ids.values()):  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "jobs not finished"
        time.sleep(0.1)
    service.close()
    rows = {name: store.document(doc_id) for name, doc_id in ids.items()}
    assert {n: r.status for n, r in rows.items() if r} == {
        "processed": "processed",
        "quarantined": "quarantined",
        "queued": "processed",
        "email": "processed",
    }
    assert rows["quarantined"] is not None and rows["quarantined"].error_reason
    attachment = f"{ids['email']}.1"
    about = {*ids.values(), attachment}
    records = [r for r in read_records(audit.directory) if r.get("document_id") in about]
    outcomes = collections.Counter(
        r["document_id"] for r in records if r["event"] in OUTCOME_EVENTS
    )
    assert outcomes == {doc_id: 1 for doc_id in about}  # the attachment not recorded twice
    steps = {r["document_id"]: r["action"] for r in records if r["event"] == "job.reconciled"}
    assert steps == {
        ids["processed"]: "rebuild",
        ids["quarantined"]: "settle",
        ids["queued"]: "resume",
        ids["email"]: "resume",
    }


def _row(doc_id: str, status: str) -> DocumentRow:
    return DocumentRow(
        doc_id, status, "api", "o", "f.txt", "text/plain", "0" * 64,
        None, None, None, None, None, None, None, 0.0, 0.0, None,
    )  # fmt: skip


def test_a_job_interrupted_twice_while_running_fails_with_a_reason() -> None:
    resumed = {"event": "job.reconciled", "found": "running", "action": "resume"}
    history = {"twice": [resumed], "queued": [resumed]}
    rows = [_row("once", "running"), _row("twice", "running"), _row("queued", "queued")]
    steps = {s.doc_id: (s.action, s.reason) for s in recovery.plan(rows, history)}
    assert steps == {
        "once": ("resume", ""),
        "twice": ("fail", recovery.INTERRUPTED_TWICE),
        "queued": ("resume", ""),
    }
