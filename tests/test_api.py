# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""REST API v1 against the app with a real SQLite database: jobs, reads, review, metrics,
OpenAPI, and the permission table (every role against every endpoint)."""

from __future__ import annotations

import io
import json
import re
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from flask import Flask
from prometheus_client.parser import text_string_to_metric_families

from classifier.audit.log import read_records
from classifier.security.access import ROLES
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.web_fixtures import (  # noqa: F401
    app,
    bearer,
    review_app,
    service_of,
    tokens,
    tokens_for,
    web_settings,
)

API_BLUEPRINTS = ("api", "review", "audit", "access", "fhir")
PUBLIC = {
    ("GET", "/healthz"),
    ("GET", "/readyz"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/fhir/metadata"),
}
# (method, path) -> roles allowed; written out here, independent of web/auth.py's table.
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("POST", "/api/v1/documents"): {"submitter", "reviewer", "admin"},
    ("GET", "/api/v1/documents"): set(ROLES),
    ("GET", "/api/v1/documents/{doc_id}"): set(ROLES),
    ("GET", "/api/v1/documents/{doc_id}/redacted"): set(ROLES),
    ("GET", "/api/v1/documents/{doc_id}/original"): {"reviewer", "admin"},
    ("GET", "/api/v1/documents/{doc_id}/text"): {"reviewer", "admin"},
    ("GET", "/api/v1/documents/{doc_id}/redacted-document"): set(ROLES),
    ("GET", "/api/v1/documents/{doc_id}/history"): set(ROLES),
    ("GET", "/api/v1/documents/{doc_id}/pages/{number}"): {"reviewer", "admin"},
    ("GET", "/api/v1/documents/{doc_id}/pages/{number}/span"): {"reviewer", "admin"},
    ("GET", "/api/v1/review"): {"reviewer", "admin"},
    ("POST", "/api/v1/review/{doc_id}"): {"reviewer", "admin"},
    ("POST", "/api/v1/review/{doc_id}/lock"): {"reviewer", "admin"},
    ("DELETE", "/api/v1/review/{doc_id}/lock"): {"reviewer", "admin"},
    ("POST", "/api/v1/review/bulk"): {"reviewer", "admin"},
    ("GET", "/api/v1/reviewers"): {"reviewer", "admin"},
    ("PUT", "/api/v1/review/{doc_id}/assignee"): {"reviewer", "admin"},
    ("DELETE", "/api/v1/review/{doc_id}/assignee"): {"reviewer", "admin"},
    ("GET", "/api/v1/documents/{doc_id}/boxes"): {"reviewer", "admin"},
    ("GET", "/api/v1/entity-types"): set(ROLES),
    ("GET", "/api/v1/audit"): {"auditor", "admin"},
    ("GET", "/api/v1/audit/status"): {"auditor", "admin"},
    ("GET", "/api/v1/audit/export"): {"auditor", "admin"},
    ("GET", "/api/v1/operations"): {"admin"},
    ("GET", "/api/v1/models"): {"auditor", "admin"},
    ("GET", "/api/v1/policies"): {"auditor", "admin"},
    ("POST", "/api/v1/tokens"): {"admin"},
    ("DELETE", "/api/v1/tokens/{token_id}"): {"admin"},
    ("POST", "/api/v1/users"): {"admin"},
    ("POST", "/api/v1/users/{username}/disable"): {"admin"},
    ("POST", "/api/v1/users/{username}/enable"): {"admin"},
    ("GET", "/metrics"): {"auditor", "admin"},
    # FHIR (web/fhir.py): the same tokens and roles
    ("POST", "/fhir/DocumentReference"): {"submitter", "reviewer", "admin"},
    ("GET", "/fhir/DocumentReference"): set(ROLES),
    ("GET", "/fhir/DocumentReference/{doc_id}"): set(ROLES),
    ("GET", "/fhir/Binary/{doc_id}"): set(ROLES),
    ("POST", "/fhir"): {"submitter", "reviewer", "admin"},
    ("POST", "/fhir/$de-identify"): {"submitter", "reviewer", "admin"},
    ("GET", "/fhir/_jobs/{job_id}"): set(ROLES),
    ("GET", "/fhir/_jobs/{job_id}/{kind}.ndjson"): set(ROLES),
}


def _events(app: Flask, event: str) -> list[dict]:  # type: ignore[type-arg]
    directory = Path(service_of(app).settings.audit_dir)
    return [r for r in read_records(directory) if r["event"] == event]


def _api_routes(app: Flask) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in API_BLUEPRINTS:
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            routes |= {(m, path) for m in rule.methods or () if m not in ("HEAD", "OPTIONS")}
    return routes


def test_permission_table_covers_every_endpoint(app: Flask) -> None:
    assert _api_routes(app) == set(EXPECTED) | PUBLIC


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
def test_permission_table(app: Flask, tokens: dict[str, str], method: str, path: str) -> None:
    client = app.test_client()
    submitted = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["submitter"])
    )
    url = path.replace("{doc_id}", submitted.json["id"]).replace("{token_id}", "1")
    url = url.replace("{number}", "1").replace("{job_id}", "no-such-job")
    url = url.replace("{kind}", "DocumentReference")
    body = {"json": {"decision": "block", "reason": "test", "ids": []}} if method == "POST" else {}
    anonymous = client.open(url, method=method, **body)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.open(url, method=method, headers=bearer("clf_wrong"), **body).status_code == 401
    for role in ROLES:
        response = client.open(url, method=method, headers=bearer(tokens[role]), **body)
        if role in EXPECTED[(method, path)]:
            assert response.status_code not in (401, 403), (role, response.get_data())
        else:
            assert response.status_code == 403, role


def test_public_endpoints(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 200 and all(ready.json["checks"].values())
    assert client.get("/api/v1/openapi.json").json["openapi"].startswith("3.")


def test_openapi_matches_routes(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").json
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert documented == _api_routes(app)
    for (method, path), roles in EXPECTED.items():
        operation = spec["paths"][path][method.lower()]
        assert {"401", "403"} <= set(operation["responses"])
        assert all(role in operation["description"] for role in roles)
    for method, path in PUBLIC:
        assert spec["paths"][path][method.lower()]["security"] == []


def test_submitter_sees_own_documents_only(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    mine = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["submitter"])
    ).json
    other = tokens_for(app)["submitter"]  # a second submitter token
    assert client.get(f"/api/v1/documents/{mine['id']}", headers=bearer(other)).status_code == 404
    listed = client.get("/api/v1/documents", headers=bearer(other)).json["documents"]
    assert listed == []
    seen = client.get(f"/api/v1/documents/{mine['id']}", headers=bearer(tokens["auditor"])).json
    assert seen["id"] == mine["id"]


def test_wait_false_answers_202_with_job_url(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    headers = bearer(tokens["submitter"])
    queued = client.post(
        "/api/v1/documents?wait=false", json={"text": CLINICAL_NOTE}, headers=headers
    )
    assert queued.status_code == 202
    url = queued.json["url"]
    assert queued.headers["Location"] == url == f"/api/v1/documents/{queued.json['id']}"
    deadline = time.monotonic() + 60
    while (body := client.get(url, headers=headers).json)["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert body["status"] == "processed"
    redacted = client.get(body["links"]["redacted"], headers=headers)
    if body["action"] in ("redact", "pass"):
        assert redacted.status_code == 200
        assert all(v not in redacted.get_data(as_text=True) for v in PLANTED)
        assert "attachment" in redacted.headers["Content-Disposition"]
    else:
        assert redacted.status_code == 409


def test_originals_encrypted_at_rest_and_reads_audited(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    doc = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["reviewer"])
    ).json
    database = service_of(app).store.path
    raw = b"".join(Path(p).read_bytes() for p in database.parent.glob(database.name + "*"))
    assert all(v.encode() not in raw for v in PLANTED)
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT original FROM documents WHERE id = ?", (doc["id"],)).fetchone()
    assert CLINICAL_NOTE.encode() not in stored[0]
    original = client.get(
        f"/api/v1/documents/{doc['id']}/original", headers=bearer(tokens["admin"])
    )
    assert original.get_data() == CLINICAL_NOTE.encode()
    text = client.get(f"/api/v1/documents/{doc['id']}/text", headers=bearer(tokens["reviewer"]))
    assert text.json["text"] == CLINICAL_NOTE and text.json["findings"] == doc["findings"]
    reads = [r for r in _events(app, "document.read") if r["document_id"] == doc["id"]]
    assert {r["what"] for r in reads} >= {"original", "original_text"}
    assert all(r["actor"].startswith("token:") for r in reads)
    audit_text = "".join(json.dumps(r) for r in reads)
    assert all(v not in audit_text for v in PLANTED)


def test_review_release_with_corrections(review_app: Flask, tmp_path: Path) -> None:
    tokens = tokens_for(review_app)
    client = review_app.test_client()
    doc = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["submitter"])
    ).json
    assert doc["action"] == "review" and doc["review_state"] == "pending"
    held = client.get(
        f"/api/v1/documents/{doc['id']}/redacted", headers=bearer(tokens["submitter"])
    )
    assert held.status_code == 409
    queue = client.get("/api/v1/review", headers=bearer(tokens["reviewer"])).json["documents"]
    assert [d["id"] for d in queue] == [doc["id"]]
    start = CLINICAL_NOTE.index("appendicitis")
    first = doc["findings"][0]
    labels = sorted(service_of(review_app).labels)
    body = {
        "decision": "release",
        "label": labels[0],
        "add": [{"start": start, "end": start + 12, "entity_type": "ID"}],
        "remove": [{"start": first["start"], "end": first["end"]}],
    }
    bad = client.post(
        f"/api/v1/review/{doc['id']}",
        json={**body, "add": [{"start": 5, "end": 10**6, "entity_type": "X"}]},
        headers=bearer(tokens["reviewer"]),
    )
    assert bad.status_code == 400
    reviewed = client.post(
        f"/api/v1/review/{doc['id']}", json=body, headers=bearer(tokens["reviewer"])
    )
    assert reviewed.status_code == 200, reviewed.json
    assert reviewed.json["review_state"] == "released" and reviewed.json["label"] == labels[0]
    assert "[ID]" in reviewed.json["redacted_text"]
    again = client.post(
        f"/api/v1/review/{doc['id']}", json=body, headers=bearer(tokens["reviewer"])
    )
    assert again.status_code == 409
    redacted = client.get(
        f"/api/v1/documents/{doc['id']}/redacted", headers=bearer(tokens["submitter"])
    )
    assert redacted.status_code == 200 and "[ID]" in redacted.get_data(as_text=True)
    (decided,) = _events(review_app, "review.decided")
    assert decided["spans_added"] == 1 and decided["spans_removed"] == 1
    assert decided["decision"] == "release" and decided["actor"].startswith("token:")
    # the correction is a labelled example `classifier train --data` reads
    from classifier.service.documents import export_corrections

    svc = service_of(review_app)
    out = tmp_path / "corrections.jsonl"
    assert export_corrections(svc.store, svc.vault, svc.audit, out, actor="test") == 1
    example = json.loads(out.read_text())
    assert example["text"] == CLINICAL_NOTE and example["label"] == labels[0]
    assert example["id"] == f"review-{doc['id']}" and example["entities"]


def test_review_block(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    client = review_app.test_client()
    doc = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["admin"])
    ).json
    decision = {"decision": "block"}
    url = f"/api/v1/review/{doc['id']}"
    refused = client.post(url, json=decision, headers=bearer(tokens["admin"]))
    assert refused.status_code == 400 and "reason" in refused.json["error"]["detail"]
    blocked = client.post(
        f"/api/v1/review/{doc['id']}",
        json={**decision, "reason": "not ours to release"},
        headers=bearer(tokens["admin"]),
    )
    assert blocked.json["review_state"] == "blocked" and blocked.json["redacted_text"] == ""
    assert (
        client.get(
            f"/api/v1/documents/{doc['id']}/redacted", headers=bearer(tokens["admin"])
        ).status_code
        == 409
    )
    assert client.get("/api/v1/review", headers=bearer(tokens["admin"])).json["documents"] == []


def test_metrics(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    client = review_app.test_client()
    client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(tokens["submitter"])
    )
    client.post("/api/v1/documents", json={"text": ""}, headers=bearer(tokens["submitter"]))
    response = client.get("/metrics", headers=bearer(tokens["auditor"]))
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    text = response.get_data(as_text=True)
    pipeline = service_of(review_app).pipeline
    assert "# TYPE classifier_documents_total counter" in text
    assert "# TYPE classifier_detection_drops_total counter" in text
    samples = [s for f in text_string_to_metric_families(text) for s in f.samples]

    def value(name: str, **labels: str) -> float | None:
        found = [s.value for s in samples if s.name == name and labels.items() <= s.labels.items()]
        return found[0] if len(found) == 1 else None

    versions = {"model_version": pipeline.model.version, "policy_version": pipeline.policy.version}
    assert value("classifier_documents_total", action="review", source="api", **versions) == 1
    empty = {"reason": "no text extracted", "source": "api"}
    assert value("classifier_documents_quarantined_total", **empty) == 1
    assert value("classifier_review_queue_depth") == 1
    assert value("classifier_build_info", **versions) == 1
    for stage in ("extract", "classify", "detect", "decide"):
        assert value("classifier_stage_seconds_bucket", stage=stage, le="+Inf") == 1
    assert value("process_resident_memory_bytes") is not None  # process metrics come with it
    assert all(v not in text for v in PLANTED)


def test_admin_creates_tokens(app: Flask, tokens: dict[str, str]) -> None:
    client = app.test_client()
    created = client.post(
        "/api/v1/tokens", json={"role": "auditor"}, headers=bearer(tokens["admin"])
    )
    assert created.status_code == 201
    new = created.json["token"]
    assert client.get("/api/v1/models", headers=bearer(new)).status_code == 200
    bad = client.post("/api/v1/tokens", json={"role": "root"}, headers=bearer(tokens["admin"]))
    assert bad.status_code == 400


def test_each_service_counts_in_its_own_registry() -> None:
    from classifier.service.metrics import Metrics

    first, second = Metrics(), Metrics()  # the default registry would refuse the second
    first.errors.inc("process")
    assert 'classifier_errors_total{where="process"} 1.0' in first.render()
    assert 'where="process"' not in second.render()


def test_a_download_keeps_a_name_in_any_script(app: Flask, tokens: dict[str, str]) -> None:
    """A name outside Latin-1 gave a 500: it goes out as RFC 5987 `filename*`, UTF-8."""
    client, admin = app.test_client(), bearer(tokens["admin"])
    name = "résumé 東京.txt"
    upload = {"file": (io.BytesIO(CLINICAL_NOTE.encode()), name)}
    doc = client.post("/api/v1/documents", data=upload, headers=admin).json
    assert doc["filename"] == name
    if doc["review_state"] == "pending":  # a low-confidence class is held; release it
        released = client.post(
            f"/api/v1/review/{doc['id']}", json={"decision": "release"}, headers=admin
        )
        assert released.status_code == 200, released.json
    downloads = {}
    for part, saved_as in (("redacted", "résumé 東京.redacted.txt"), ("original", name)):
        response = client.get(f"/api/v1/documents/{doc['id']}/{part}", headers=admin)
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment; ")
        assert f"filename*=UTF-8''{quote(saved_as)}" in disposition
        assert response.headers["Cache-Control"] == "no-store"
        downloads[part] = response.get_data()
    assert downloads["original"] == CLINICAL_NOTE.encode()
    assert all(v.encode() not in downloads["redacted"] for v in PLANTED)


def test_core_errors_answer_with_their_own_status(app: Flask, tokens: dict[str, str]) -> None:
    """web/errors.py maps by each error's `http_status` and `title`; NotFound says no more."""
    client, admin = app.test_client(), bearer(tokens["admin"])
    missing = client.get("/api/v1/documents/no-such-id", headers=admin)
    assert (missing.status_code, missing.json["error"]) == (
        404,
        {"reason": "not found", "detail": "no such document"},
    )
    doc = client.post("/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=admin).json
    release = f"/api/v1/review/{doc['id']}"
    if doc["review_state"] == "pending":  # held (a low-confidence class): release it once
        assert client.post(release, json={"decision": "release"}, headers=admin).status_code == 200
    not_held = client.post(release, json={"decision": "release"}, headers=admin)
    assert (not_held.status_code, not_held.json["error"]["reason"]) == (409, "conflict")
