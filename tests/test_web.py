# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The Flask app through its test client, and the real waitress server on 127.0.0.1."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from classifier.audit.log import read_records
from classifier.pipeline import Pipeline
from classifier.settings import ROOT
from tests.documents import CLINICAL_NOTE, PLANTED, docx_bytes, pdf_bytes
from tests.web_fixtures import app, bearer, client, tokens, tokens_for, web_settings  # noqa: F401
from web import create_app


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("note.txt", CLINICAL_NOTE.encode()),
        ("note.pdf", pdf_bytes(CLINICAL_NOTE.splitlines())),
        ("note.docx", docx_bytes(CLINICAL_NOTE.splitlines())),
    ],
)
def test_upload_formats(client: FlaskClient, name: str, content: bytes) -> None:
    response = client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    body = response.json
    assert body["id"] and body["filename"] == name
    assert body["domain"] == "clinical"
    assert all(v not in body["redacted_text"] for v in PLANTED)


def test_json_text(client: FlaskClient) -> None:
    response = client.post("/api/v1/documents", json={"text": CLINICAL_NOTE})
    assert response.status_code == 200
    assert response.json["action"] in ("redact", "review")


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"txt": "x"}}, 400),
        ({"json": ["a"]}, 400),
        ({"data": b"raw", "content_type": "application/octet-stream"}, 415),
        (
            {"data": {"other": (io.BytesIO(b"x"), "a.txt")}, "content_type": "multipart/form-data"},
            400,
        ),
    ],
)
def test_bad_requests(client: FlaskClient, kwargs: dict, status: int) -> None:  # type: ignore[type-arg]
    response = client.post("/api/v1/documents", **kwargs)
    assert response.status_code == status
    assert "error" in response.json


def test_quarantined_upload_is_422_with_reason(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(b"%PDF-1.7\n" + bytes(500)), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert response.json["status"] == "quarantined"
    assert response.json["error"]["reason"] == "corrupt document"


def test_oversized_upload_is_413(pipeline: Pipeline, web_settings: dict) -> None:  # type: ignore[type-arg]
    app = create_app({**web_settings, "max_document_bytes": 1000}, pipeline=pipeline)
    response = app.test_client().post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(b"a" * 200_000), "big.txt")},
        content_type="multipart/form-data",
        headers=bearer(tokens_for(app)["submitter"]),
    )
    assert response.status_code == 413
    refused = [
        r for r in read_records(pipeline.audit.directory) if r["event"] == "document.refused"
    ]
    assert [(r["outcome"], r["declared_size"] > 200_000) for r in refused] == [("refused", True)]


def test_healthz_and_upload_page(client: FlaskClient, pipeline: Pipeline) -> None:
    health = client.get("/healthz").json
    assert health == {
        "status": "ok",
        "model": pipeline.model.version,
        "policy": pipeline.policy.version,
    }
    page = client.get("/").get_data(as_text=True)
    assert '<label for="file">' in page
    assert "http://" not in page and "https://" not in page  # no external assets
    for asset in ("upload.js", "common.js", "review.js", "style.css"):
        with client.get(f"/static/{asset}") as response:
            assert response.status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_real_server_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "audit"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / "var"),
        "CLASSIFIER_KEYS_DIR": str(tmp_path / "keys"),
    }
    token = subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", "tokens", "create", "--role", "submitter"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert token.startswith("clf_")
    server = subprocess.Popen(
        [sys.executable, "-m", "classifier.cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    assert json.load(r)["status"] == "ok"
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, "server exited"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.5)
        body, ctype = _multipart("note.pdf", pdf_bytes(CLINICAL_NOTE.splitlines()))
        request = urllib.request.Request(
            base + "/api/v1/documents",
            data=body,
            headers={"Content-Type": ctype, "Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as r:
            result = json.load(r)
            assert r.headers["Server"] == "classifier"  # waitress, not the Flask dev server
        assert result["media_type"] == "application/pdf"
        assert "margaret.thornton@example.org" not in result["redacted_text"]
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "serving on http://127.0.0.1" in output
    events = [r["event"] for r in read_records(tmp_path / "audit")]
    assert events[:2] == ["token.created", "service.started"]  # `tokens create` is audited
    assert events[-1] == "service.stopped"
    assert "document.processed" in events
    assert all(v not in output for v in PLANTED)
