# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""One document lifecycle for every entry point: a document whose parser raises an unexpected
error (tests/failing_format.py, registered in the real formats registry) is quarantined and
audited by `Pipeline.process`, whichever way it came in, and the run goes on. The parser's
message quotes the document; it never reaches a log, an answer or the audit trail."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from classifier import formats
from classifier.audit.log import read_records
from classifier.document import Quarantined, Result
from classifier.errors import UNEXPECTED_REASON
from classifier.pipeline import Pipeline
from classifier.settings import ROOT
from classifier.watch.watcher import Watcher
from tests.documents import CLINICAL_NOTE
from tests.failing_format import (
    CANARY,
    CLI_SCRIPT,
    FAILING_HTML,
    FAILING_TEXT,
    failing_registry,
)
from tests.web_fixtures import (  # noqa: F401
    app,
    bearer,
    review_app,
    service_of,
    tokens,
    tokens_for,
    web_settings,
)

DETAIL = "RuntimeError in the extract stage"


@pytest.fixture
def failing_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "_extractors", failing_registry(formats._extractors))


def quarantined_records(audit_dir: str | Path) -> list[dict[str, Any]]:
    return [r for r in read_records(audit_dir) if r["event"] == "document.quarantined"]


def assert_never_quoted(*texts: str) -> None:
    assert all(CANARY not in text for text in texts)


def audit_text(audit_dir: str | Path) -> str:
    return "".join(p.read_text() for p in Path(audit_dir).iterdir() if p.is_file())


# the core ---------------------------------------------------------------------------------
@pytest.mark.usefixtures("failing_parser")
def test_the_pipeline_quarantines_and_audits_an_unexpected_error(
    pipeline: Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        outcome = pipeline.process_bytes(FAILING_HTML, "bad.html", source="test", doc_id="d1")
    assert isinstance(outcome, Quarantined)
    assert (outcome.reason, outcome.detail) == (UNEXPECTED_REASON, DETAIL)
    (record,) = quarantined_records(pipeline.audit.directory)
    assert (record["document_id"], record["reason"]) == ("d1", UNEXPECTED_REASON)
    stored = sorted(pipeline.quarantine_dir.iterdir())
    assert [p.read_bytes() for p in stored if p.suffix == ".html"] == [FAILING_HTML]
    reasons = [p.read_text() for p in stored if p.name.endswith(".reason.json")]
    assert_never_quoted(caplog.text, audit_text(pipeline.audit.directory), *reasons)
    assert "RuntimeError" in caplog.text
    assert isinstance(pipeline.process_text(CLINICAL_NOTE), Result)  # and the next one goes on


# the CLI (a real `classifier` process, its parser registry swapped) ------------------------
def run_failing_cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "audit"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / "var"),
        "CLASSIFIER_KEYS_DIR": str(tmp_path / "keys"),
    }
    return subprocess.run(
        [sys.executable, "-c", CLI_SCRIPT, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_cli_process_quarantines_audits_and_goes_on(tmp_path: Path) -> None:
    files = [tmp_path / "first.txt", tmp_path / "bad.html", tmp_path / "last.html"]
    files[0].write_text(CLINICAL_NOTE)
    files[1].write_bytes(FAILING_HTML)
    files[2].write_text("<html><body><p>Invoice 4411 for the cardiology clinic.</p></body></html>")
    out = tmp_path / "out"
    proc = run_failing_cli(["process", *map(str, files), "--out", str(out)], tmp_path)
    assert proc.returncode == 1, proc.stderr  # one file was quarantined
    lines = proc.stdout.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["first.txt", "bad.html", "last.html"]
    assert lines[1] == f"bad.html\tquarantined\t{UNEXPECTED_REASON}"
    assert json.loads((out / "bad.html.json").read_text())["error"]["detail"] == DETAIL
    events = [r["event"] for r in read_records(tmp_path / "audit")]
    assert events.count("document.processed") == 2
    assert events.count("document.quarantined") == 1
    assert_never_quoted(proc.stdout, proc.stderr, audit_text(tmp_path / "audit"))


def test_cli_batch_audits_every_failed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "first", "text": CLINICAL_NOTE}),
        json.dumps({"id": "boom", "text": FAILING_TEXT}),
        "this is not json",
        json.dumps({"id": "last", "text": "Mail jane.roe@example.com about the invoice."}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    # --workers 1: the failing parser is patched into this process only, not into workers
    args = ["batch", str(tmp_path / "in.jsonl"), "--out", str(out), "--workers", "1"]
    proc = run_failing_cli(args, tmp_path)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["first", "boom", "line-3", "last"]
    assert records[1] == {"id": "boom", "error": f"{UNEXPECTED_REASON}: {DETAIL}"}
    assert set(records[2]) == {"id", "error"}
    audited = {r["document_id"]: r["reason"] for r in quarantined_records(tmp_path / "audit")}
    assert audited == {"boom": UNEXPECTED_REASON, "line-3": "corrupt document"}
    processed = [r for r in read_records(tmp_path / "audit") if r["event"] == "document.processed"]
    assert [r["document_id"] for r in processed] == ["first", "last"]
    assert_never_quoted(proc.stdout, proc.stderr, out.read_text(), audit_text(tmp_path / "audit"))


# the API ----------------------------------------------------------------------------------
@pytest.mark.usefixtures("failing_parser")
def test_api_upload_is_quarantined_and_audited(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    headers = bearer(tokens["submitter"])
    bad = client.post("/api/v1/documents", json={"text": FAILING_TEXT}, headers=headers)
    assert bad.status_code == 422
    assert bad.json["status"] == "quarantined"
    assert bad.json["error"] == {"reason": UNEXPECTED_REASON, "detail": DETAIL}
    (record,) = quarantined_records(service_of(app).settings.audit_dir)
    assert (record["document_id"], record["source"]) == (bad.json["id"], "api")
    good = client.post("/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=headers)
    assert good.status_code == 200 and good.json["status"] == "processed"
    assert_never_quoted(bad.get_data(as_text=True), audit_text(service_of(app).settings.audit_dir))


@pytest.mark.usefixtures("failing_parser")
def test_api_job_is_quarantined_and_audited(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    headers = bearer(tokens["submitter"])
    queued = client.post(
        "/api/v1/documents?wait=false", json={"text": FAILING_TEXT}, headers=headers
    )
    assert queued.status_code == 202
    deadline = time.monotonic() + 60
    while (body := client.get(queued.json["url"], headers=headers).json)["status"] in (
        "queued",
        "running",
    ):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert body["status"] == "quarantined"  # not "failed": the lifecycle is the same
    assert body["error"] == {"reason": UNEXPECTED_REASON, "detail": DETAIL}
    (record,) = quarantined_records(service_of(app).settings.audit_dir)
    assert record["document_id"] == queued.json["id"]


def test_review_action_that_fails_is_quarantined_and_audited(
    review_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = tokens_for(review_app)
    client = review_app.test_client()
    held = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["submitter"])
    ).json
    assert held["review_state"] == "pending"
    # the parser now fails on every document: the release must extract the original again
    monkeypatch.setattr(formats, "_extractors", failing_registry(formats._extractors, None))
    released = client.post(
        f"/api/v1/review/{held['id']}",
        json={"decision": "release"},
        headers=bearer(tokens["reviewer"]),
    )
    assert released.status_code == 422
    assert released.json["status"] == "quarantined"
    assert released.json["error"] == {"reason": UNEXPECTED_REASON, "detail": DETAIL}
    audit_dir = service_of(review_app).settings.audit_dir
    (record,) = quarantined_records(audit_dir)
    assert (record["document_id"], record["source"]) == (held["id"], "review")
    assert not [r for r in read_records(audit_dir) if r["event"] == "review.decided"]
    queue = client.get("/api/v1/review", headers=bearer(tokens["reviewer"])).json
    assert queue["documents"] == []


# the watched folder -----------------------------------------------------------------------
@pytest.mark.usefixtures("failing_parser")
def test_watched_folder_quarantines_audits_and_goes_on(pipeline: Pipeline, tmp_path: Path) -> None:
    root = tmp_path / "w"
    (root / "inbox" / "ward-7").mkdir(parents=True)
    (root / "inbox" / "ward-7" / "bad.html").write_bytes(FAILING_HTML)
    (root / "inbox" / "ward-7" / "note.txt").write_text(CLINICAL_NOTE)
    counts = Watcher(pipeline, root, stable_seconds=0, poll_seconds=0.01).run_until_idle()
    assert counts["quarantine"] == 1 and counts["outbox"] + counts["review"] == 1
    assert counts["failed"] == 0
    stored = sorted(p.name for p in (root / "quarantine" / "ward-7").iterdir())
    assert len(stored) == 2 and stored[1].endswith("bad.html.reason.json")
    (record,) = quarantined_records(pipeline.audit.directory)
    assert (record["reason"], record["source"], record["actor"]) == (
        UNEXPECTED_REASON,
        "watch",
        "ward-7",
    )
    assert_never_quoted(audit_text(pipeline.audit.directory))
