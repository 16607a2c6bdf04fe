# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The asynchronous `$de-identify` flow (NDJSON in, 202 + Content-Location, polled, NDJSON
out) and push mode (results POSTed as ITI-65 bundles to a loopback FHIR receiver: signed,
retried, every attempt audited, the egress allowlist enforced)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from flask import Flask

from classifier.audit.log import read_records
from classifier.pipeline import Pipeline
from classifier.service.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.fhir_documents import FHIR_JSON, document_reference, unb64
from tests.loopback import receiver  # noqa: F401
from tests.web_fixtures import app, bearer, service_of, tokens, tokens_for, web_settings  # noqa: F401
from web import create_app

NDJSON = {"Content-Type": "application/fhir+ndjson"}
SECRET = b"s" * 32


def _ndjson(*items: Any) -> bytes:
    return b"".join(json.dumps(i).encode() + b"\n" for i in items)


def _poll(client: Any, url: str, headers: dict[str, str]) -> Any:
    deadline = time.monotonic() + 120
    while (response := client.get(url, headers=headers)).status_code == 202:
        assert " of " in response.headers["X-Progress"]
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return response


def test_de_identify_async_flow(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    headers = bearer(tokens["submitter"])
    batch = _ndjson(document_reference(CLINICAL_NOTE), CLINICAL_NOTE, "%PDF-1.4 broken")
    started = client.post("/fhir/$de-identify", data=batch, headers={**headers, **NDJSON})
    assert started.status_code == 202, started.get_data()
    status_url = started.headers["Content-Location"]
    assert status_url.startswith("/fhir/_jobs/")
    other = tokens_for(app)["submitter"]
    assert client.get(status_url, headers=bearer(other)).status_code == 404  # not theirs
    manifest = _poll(client, status_url, headers)
    assert manifest.status_code == 200
    body = manifest.json
    assert body["requiresAccessToken"] is True
    (output,) = body["output"]
    assert output["type"] == "DocumentReference"
    lines = client.get(output["url"], headers=headers)
    assert lines.mimetype == "application/fhir+ndjson"
    references = [json.loads(x) for x in lines.get_data(as_text=True).splitlines()]
    (error,) = body["error"]
    problems = client.get(error["url"], headers=headers).get_data(as_text=True).splitlines()
    assert len(references) + len(problems) == 3
    assert len(references) >= 2  # the two notes; the third is plain text too ("%PDF" as text)
    for reference in references:
        get_fhir_model_class("DocumentReference").model_validate(reference)
        text = unb64(reference["content"][0]["attachment"]["data"])
        assert all(v not in text for v in PLANTED)


def test_de_identify_refuses_a_bad_line_before_processing_any(
    app: Flask, tokens: dict[str, str]
) -> None:
    client = app.test_client()
    headers = {**bearer(tokens["submitter"]), **NDJSON}
    bad = _ndjson(CLINICAL_NOTE, {"resourceType": "DocumentReference"})
    response = client.post("/fhir/$de-identify", data=bad, headers=headers)
    assert response.status_code == 422
    assert response.json["issue"][0]["diagnostics"].startswith("line 2:")
    assert service_of(app).store.documents(limit=10) == []
    wrong_type = client.post("/fhir/$de-identify", json=[], headers={**bearer(tokens["submitter"])})
    assert wrong_type.status_code == 422


@pytest.fixture
def push_app(pipeline: Pipeline, web_settings: dict, tmp_path: Path, receiver: Any) -> Any:  # type: ignore[type-arg]
    """(app pushing to the receiver with this egress allowlist, what the receiver got)."""
    url, received = receiver
    key = tmp_path / "webhook.key"
    key.write_bytes(SECRET)

    def make(allow: str) -> tuple[Flask, list[Any]]:
        overrides = {
            **web_settings,
            "fhir_push_url": url,
            "webhook_secret_file": str(key),
            "webhook_backoff_ms": 10,
            "egress_allow": allow,
        }
        return create_app(overrides, pipeline=pipeline), received

    return make


def _submitted_and_pushed(app: Flask) -> Any:
    """A document through POST /fhir/DocumentReference; returns once its push is done."""
    response = app.test_client().post(
        "/fhir/DocumentReference",
        json=document_reference(CLINICAL_NOTE),
        headers={**bearer(tokens_for(app)["submitter"]), **FHIR_JSON},
    )
    service_of(app).fhir_push.join()
    service_of(app).close()
    return response


def test_push_iti65_bundle_to_a_loopback_receiver(pipeline: Pipeline, push_app: Any) -> None:
    app, received = push_app("127.0.0.1")
    response = _submitted_and_pushed(app)
    assert response.status_code == 201
    assert [r[0] for r in received] == [503, 500, 200]
    _, headers, body = received[-1]
    assert headers["Content-Type"] == "application/fhir+json"
    assert verify(SECRET, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    bundle = json.loads(body)
    get_fhir_model_class("Bundle").model_validate(bundle)
    assert bundle["type"] == "transaction"
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds == ["List", "DocumentReference", "Binary"]
    reference, binary = bundle["entry"][1]["resource"], bundle["entry"][2]["resource"]
    assert reference["id"] == response.json["id"]
    assert reference["content"][0]["attachment"]["url"] == bundle["entry"][2]["fullUrl"]
    assert all(v not in unb64(binary["data"]) for v in PLANTED)
    attempts = [
        r for r in read_records(pipeline.audit.directory) if r["event"] == "fhir.push.attempt"
    ]
    assert [(a["attempt"], a["http_status"], a["outcome"]) for a in attempts] == [
        (1, 503, "failure"),
        (2, 500, "failure"),
        (3, 200, "success"),
    ]
    assert all(a["document_id"] == reference["id"] for a in attempts)


def test_push_outside_the_allowlist_is_refused(pipeline: Pipeline, push_app: Any) -> None:
    app, received = push_app("10.0.0.0/8")
    _submitted_and_pushed(app)
    assert received == []
    (attempt,) = [
        r for r in read_records(pipeline.audit.directory) if r["event"] == "fhir.push.attempt"
    ]
    assert attempt["outcome"] == "refused"


def test_a_de_identify_job_survives_a_restart(pipeline: Pipeline, web_settings: dict) -> None:  # type: ignore[type-arg]
    first = create_app(web_settings, pipeline=pipeline)
    headers = bearer(tokens_for(first)["submitter"])
    batch = _ndjson(CLINICAL_NOTE, CLINICAL_NOTE)
    started = first.test_client().post(
        "/fhir/$de-identify", data=batch, headers={**headers, **NDJSON}
    )
    status_url = started.headers["Content-Location"]
    assert _poll(first.test_client(), status_url, headers).status_code == 200
    service_of(first).close()
    jobs = Path(web_settings["data_dir"]) / "fhir-jobs"
    assert [p.stat().st_mode & 0o777 for p in jobs.iterdir()] == [0o600]
    assert "Thornton" not in "".join(p.read_text() for p in jobs.iterdir())  # ids only

    second = create_app(web_settings, pipeline=pipeline)  # a restart: the job is on disk
    client = second.test_client()
    manifest = _poll(client, status_url, headers)
    assert manifest.status_code == 200
    (output,) = manifest.json["output"]
    assert len(client.get(output["url"], headers=headers).get_data().splitlines()) == 2
    assert client.get("/fhir/_jobs/..%2F..%2Fstate", headers=headers).status_code == 404
    service_of(second).close()
