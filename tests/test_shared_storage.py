"""Shared storage (`shared_storage`): sealed originals and outputs as files every node sees, and
quarantine under the same folder, so a web node serves a download a worker node produced. The
real thing: a web app (node web-1) and a `classifier worker` subprocess (node worker-1), each
with its own data_dir, on one PostgreSQL schema, one Redis broker and one shared folder."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from classifier.audit.keys import load_keys
from classifier.audit.verify import verify
from classifier.errors import VaultError
from classifier.ml.text_classifier import TextClassifier
from classifier.security.vault import Vault
from classifier.service.blob_files import BlobFiles
from classifier.service.store import Store
from classifier.settings import ROOT, load_settings
from classifier.stages.detect import Detector
from tests.conftest import DEFAULT_POLICY, make_pipeline
from tests.documents import CLINICAL_NOTE
from tests.postgres import pg_url  # noqa: F401
from tests.web_fixtures import bearer, service_of, tokens_for

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WAIT_S = 900  # a worker's cold start on a loaded 2-core box, then the documents
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_sealed_values_go_to_files_and_the_database_keeps_none(tmp_path: Path) -> None:
    files = BlobFiles(tmp_path / "shared" / "documents")
    store, vault = Store(tmp_path / "state.sqlite3", files), Vault(b"k" * 32)
    store.add_document(
        "d1", source="api", owner="u", filename="a.txt", media_type="text/plain",
        sha256="0" * 64, original=vault.seal(b"Ann Lee", "d1"),
    )  # fmt: skip
    store.update_document("d1", status="processed", redacted=vault.seal(b"[PERSON]", "d1"))
    path = files.path("d1", "original")
    assert path == tmp_path / "shared" / "documents" / "d1" / "d1.original"
    assert _mode(path) == PRIVATE_FILE and _mode(path.parent) == PRIVATE_DIR
    assert b"Ann Lee" not in path.read_bytes()  # sealed at rest
    row = store._connection().execute("SELECT original, redacted FROM documents").fetchone()
    assert tuple(row) == (None, None)
    assert vault.open(store.blob("d1", "redacted") or b"", "d1") == b"[PERSON]"
    assert store.blob("d1", "result") is None
    store.update_document("d1", redacted=None)
    assert not files.path("d1", "redacted").exists()

    plain = Store(tmp_path / "state.sqlite3")  # stored before shared_storage was set
    plain.add_document(
        "d2", source="api", owner="u", filename="b.txt", media_type="text/plain",
        sha256="1" * 64, original=b"sealed-in-the-database",
    )  # fmt: skip
    plain.update_document("d2", status="processed")
    assert store.blob("d2", "original") == b"sealed-in-the-database"  # still read
    assert sorted(store.purge_before(time.time() + 1)) == ["d1", "d2"]
    assert not path.exists() and store.blob("d1", "original") is None
    with pytest.raises(Exception, match="cannot name a stored file"):
        files.path("../etc", "original")


def test_a_node_with_another_site_key_is_refused(tmp_path: Path) -> None:
    files = BlobFiles(tmp_path / "shared" / "documents")
    files.check_site_key(Vault(b"k" * 32))  # the first node leaves its check value
    files.check_site_key(Vault(b"k" * 32))  # a node with the same key: fine
    with pytest.raises(VaultError, match="sealed under another site key"):
        files.check_site_key(Vault(b"x" * 32))


@pytest.fixture
def two_nodes(
    model: TextClassifier,
    detector: Detector,
    pg_url: str,  # noqa: F811
    tmp_path: Path,
) -> Iterator[tuple[Flask, dict[str, Any]]]:
    """The web node here; the worker node's settings, to start it with."""
    from web import create_app

    shared = tmp_path / "shared"
    common = {
        "database": pg_url,
        "shared_storage": str(shared),
        "audit_dir": str(shared / "audit"),
        "audit_key_dir": str(tmp_path / "site-keys" / "audit"),
        "keys_dir": str(tmp_path / "site-keys"),
        "broker_url": REDIS_URL,
        "max_document_seconds": 20,
    }
    web = {**common, "data_dir": str(tmp_path / "web-var"), "node_id": "web-1"}
    worker = {**common, "data_dir": str(tmp_path / "worker-var"), "node_id": "worker-1"}
    pipeline = make_pipeline(model, detector, load_settings(web, environ={}), DEFAULT_POLICY)
    app = create_app(web, pipeline=pipeline)
    app.config["TESTING"] = True
    yield app, worker
    service_of(app).close()


def _start_worker(settings: dict[str, Any], log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    env |= {"OMP_NUM_THREADS": "1"} | {
        f"CLASSIFIER_{k.upper()}": str(v) for k, v in settings.items()
    }
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "classifier.cli.main", "worker"], env=env,
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip


def _wait_done(app: Flask, ids: list[str], worker: subprocess.Popen[bytes], log: Path) -> None:
    store = service_of(app).store
    deadline = time.monotonic() + WAIT_S
    while any(store.document(i).status in ("queued", "running") for i in ids):  # type: ignore[union-attr]
        assert worker.poll() is None, log.read_text(errors="replace")[-3000:]
        assert time.monotonic() < deadline, "the worker did not finish"
        time.sleep(0.2)


def test_a_web_node_serves_what_a_worker_node_produced(
    two_nodes: tuple[Flask, dict[str, Any]], tmp_path: Path
) -> None:
    app, worker_settings = two_nodes
    shared = Path(worker_settings["shared_storage"])
    headers = bearer(tokens_for(app)["submitter"])
    client = app.test_client()
    text = f"Call Ann Lee at 555-867-5309.\n\n{CLINICAL_NOTE}"
    good = client.post("/api/v1/documents?wait=false", json={"text": text}, headers=headers)
    broken = client.post(
        "/api/v1/documents?wait=false",
        data={"file": (io.BytesIO(b"%PDF-1.4\n1 0 obj << /Type /Catalog"), "broken.pdf")},
        content_type="multipart/form-data",
        headers=headers,
    )
    assert good.status_code == broken.status_code == 202, (good.json, broken.json)
    ids = [good.json["id"], broken.json["id"]]
    log = tmp_path / "worker.log"
    worker = _start_worker(worker_settings, log)
    try:
        _wait_done(app, ids, worker, log)
    finally:
        worker.terminate()
        worker.wait(60)

    store = service_of(app).store
    assert [store.document(i).status for i in ids] == ["processed", "quarantined"]  # type: ignore[union-attr]
    redacted = client.get(f"/api/v1/documents/{ids[0]}/redacted", headers=headers)
    assert redacted.status_code == 200
    assert "Ann Lee" not in redacted.get_data(as_text=True)
    assert "555-867-5309" not in redacted.get_data(as_text=True)
    for column in ("original", "result"):
        path = shared / "documents" / ids[0][:2] / f"{ids[0]}.{column}"
        assert _mode(path) == PRIVATE_FILE and _mode(path.parent) == PRIVATE_DIR
        assert b"Ann Lee" not in path.read_bytes()
    row = (
        store._connection()
        .execute("SELECT original, result, redacted FROM documents WHERE id = ?", (ids[0],))
        .fetchone()
    )
    assert tuple(row) == (None, None, None)  # nothing sealed in the database

    (reason,) = (shared / "quarantine").glob("*broken.pdf.reason.json")  # the worker's
    assert _mode(reason) == PRIVATE_FILE and _mode(reason.parent) == PRIVATE_DIR
    assert json.loads(reason.read_text())["sha256"] == store.document(ids[1]).sha256  # type: ignore[union-attr]
    assert not (tmp_path / "worker-var" / "quarantine").exists()

    report = verify(shared / "audit", load_keys(tmp_path / "site-keys" / "audit"), 100)
    assert report.ok, report.lines()
    assert [c.node for c in report.chains] == ["web-1", "worker-1"]
    worker_chain = [
        json.loads(line)
        for path in sorted((shared / "audit").glob("audit-worker-1-*.jsonl"))
        for line in path.read_bytes().splitlines()
    ]
    assert {r["document_id"] for r in worker_chain if r["event"].startswith("document.")} >= set(
        ids
    )
