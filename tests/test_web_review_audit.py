# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The review desk and the auditor's API against the real app, store and audit trail:
triage, entity types from the policy only, a reason to block, locks between two reviewers,
bulk decisions; audit search, verification status, CSV and JSONL export; entity colours."""

from __future__ import annotations

import csv
import io
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classifier.audit.log import read_records
from classifier.policy.entities import KNOWN_ENTITY_TYPES
from classifier.security.access import create_user
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.web_fixtures import bearer, review_app, service_of, tokens_for, web_settings  # noqa: F401
from web.colours import ORDER, colour, palette


def _held(app: Flask, token: str, n: int = 1) -> list[str]:
    client = app.test_client()
    ids = []
    for _ in range(n):
        doc = client.post("/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(token))
        assert doc.json["review_state"] == "pending"
        ids.append(doc.json["id"])
    return ids


def test_triage_says_why_who_and_how_long(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    (doc_id,) = _held(review_app, tokens["submitter"])
    client = review_app.test_client()
    (item,) = client.get("/api/v1/review", headers=bearer(tokens["reviewer"])).json["documents"]
    assert item["id"] == doc_id and item["sender"].endswith("-test-submitter")
    assert item["rule_ids"] == ["clinical-restricted", "review:low-confidence"]
    assert item["reasons"] == [
        "Clinical documents carry PHI (HIPAA).",  # the rule's description in the policy
        "the classification confidence is under the policy's minimum",
    ]
    assert 0 <= item["age_seconds"] < 600 and item["locked_by"] is None
    headers = bearer(tokens["reviewer"])
    assert client.get("/api/v1/review?reason=nothing", headers=headers).json["documents"] == []
    assert client.get("/api/v1/review?sort=sender", headers=headers).status_code == 200
    assert client.get("/api/v1/review?sort=sideways", headers=headers).status_code == 400


@pytest.mark.parametrize("entity_type", ["PERSN", "person", "", "DIAGNOSIS", None])
def test_added_span_type_must_be_one_of_the_policy(review_app: Flask, entity_type) -> None:  # type: ignore[no-untyped-def]
    tokens = tokens_for(review_app)
    (doc_id,) = _held(review_app, tokens["submitter"])
    span = {"start": 0, "end": 5, "entity_type": entity_type}
    response = review_app.test_client().post(
        f"/api/v1/review/{doc_id}",
        json={"decision": "release", "add": [span]},
        headers=bearer(tokens["reviewer"]),
    )
    assert response.status_code == 400
    assert "policy's entity types" in response.json["error"]["detail"]
    assert service_of(review_app).store.document(doc_id).review_state == "pending"


def test_entity_types_are_the_policys_with_colours(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    legend = review_app.test_client().get(
        "/api/v1/entity-types", headers=bearer(tokens["submitter"])
    )
    types = [e["entity_type"] for e in legend.json["entity_types"]]
    assert set(types) == set(KNOWN_ENTITY_TYPES)  # the default policy: every known type
    assert len({e["colour"] for e in legend.json["entity_types"]}) == len(types)


def _contrast_with_dark_text(hex_colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    dark = channel(17)  # #111: one grey level, so its luminance is that of a channel
    return (lum + 0.05) / (dark + 0.05)


def test_colours_fixed_distinct_and_readable() -> None:
    assert set(ORDER) == set(KNOWN_ENTITY_TYPES) and len(palette()) >= len(ORDER)
    assert len({colour(t) for t in ORDER}) == len(ORDER)
    assert colour("PERSON") != colour("PHONE_NUMBER")
    assert colour("PERSON") == palette()[ORDER.index("PERSON")]  # keyed by type, not by order seen
    assert all(_contrast_with_dark_text(colour(t)) >= 4.5 for t in ORDER)


def test_block_needs_a_reason_kept_out_of_the_audit_trail(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    (doc_id,) = _held(review_app, tokens["submitter"])
    client, headers = review_app.test_client(), bearer(tokens["reviewer"])
    url = f"/api/v1/review/{doc_id}"
    assert client.post(url, json={"decision": "block"}, headers=headers).status_code == 400
    blank = {"decision": "block", "reason": "  "}
    assert client.post(url, json=blank, headers=headers).status_code == 400
    reason = f"sent to the wrong ward, about {PLANTED[0]}"
    done = client.post(url, json={"decision": "block", "reason": reason}, headers=headers)
    assert done.status_code == 200 and done.json["review_state"] == "blocked"
    svc = service_of(review_app)
    (action,) = svc.store.review_actions(doc_id)
    assert action["decision"] == "block" and reason.encode() not in bytes(action["reason"])
    assert svc.vault.open(bytes(action["reason"]), f"reason:{doc_id}").decode() == reason
    trail = json.dumps(read_records(svc.settings.audit_dir))
    assert PLANTED[0] not in trail and "wrong ward" not in trail


def _session_client(app: Flask, name: str) -> FlaskClient:
    create_user(service_of(app).store, name, "a long enough password", "reviewer")
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(user=name, role="reviewer", csrf="t")
    client.environ_base["HTTP_X_CSRF_TOKEN"] = "t"
    return client


def test_second_reviewer_sees_the_lock(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    (doc_id,) = _held(review_app, tokens["submitter"])
    rita, omar = _session_client(review_app, "rita"), _session_client(review_app, "omar")
    lock = f"/api/v1/review/{doc_id}/lock"
    assert rita.post(lock).json["locked_by"] == "user:rita"
    assert rita.post(lock).status_code == 200  # renewing one's own lock
    taken = omar.post(lock)
    assert taken.status_code == 409 and "user:rita" in taken.json["error"]["detail"]
    (item,) = omar.get("/api/v1/review").json["documents"]
    assert item["locked_by"] == "user:rita"
    refused = omar.post(f"/api/v1/review/{doc_id}", json={"decision": "release"})
    assert refused.status_code == 409
    assert rita.delete(lock).status_code == 200
    assert omar.post(lock).json["locked_by"] == "user:omar"
    assert omar.post(f"/api/v1/review/{doc_id}", json={"decision": "release"}).status_code == 200
    assert not service_of(review_app).store.locks()  # the decision lets go of the lock
    events = [r["event"] for r in read_records(service_of(review_app).settings.audit_dir)]
    assert events.count("review.locked") == 3


def test_bulk_release_and_block_with_a_reason(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    ids = _held(review_app, tokens["submitter"], 3)
    client, headers = review_app.test_client(), bearer(tokens["reviewer"])
    no_reason = {"ids": ids[:2], "decision": "release"}
    assert client.post("/api/v1/review/bulk", json=no_reason, headers=headers).status_code == 400
    released = client.post(
        "/api/v1/review/bulk", json={**no_reason, "reason": "checked"}, headers=headers
    ).json["results"]
    assert [(r["status"], r["review_state"]) for r in released] == [(200, "released")] * 2
    again = client.post(
        "/api/v1/review/bulk",
        json={"ids": [ids[0], ids[2]], "decision": "block", "reason": "duplicate"},
        headers=headers,
    ).json["results"]
    assert again[0]["status"] == 409 and again[1]["review_state"] == "blocked"
    decided = [
        r for r in read_records(service_of(review_app).settings.audit_dir)
        if r["event"] == "review.decided"
    ]  # fmt: skip
    assert len(decided) == 3  # one audit record per document


# the auditor's API ------------------------------------------------------------------------
def test_audit_search_status_and_export(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    ids = _held(review_app, tokens["submitter"], 2)
    client, headers = review_app.test_client(), bearer(tokens["auditor"])
    body = client.get(f"/api/v1/audit?document={ids[0][:10]}", headers=headers).json
    assert body["total"] == 3 and {r["document_id"] for r in body["records"]} == {ids[0]}
    assert [r["event"] for r in body["records"]] == [
        "document.held",
        "document.processed",
        "document.received",
    ]  # fmt: skip  (newest first)
    held = client.get("/api/v1/audit?event=document.held", headers=headers).json
    assert held["total"] == 2
    prefix = client.get("/api/v1/audit?event=document.&per_page=1&page=2", headers=headers).json
    assert prefix["total"] == 6 and len(prefix["records"]) == 1
    actor = client.get("/api/v1/audit?actor=test-submitter", headers=headers).json
    assert actor["total"] >= 4
    assert client.get("/api/v1/audit?since=2999-01-01", headers=headers).json["total"] == 0
    assert client.get("/api/v1/audit?until=nope", headers=headers).status_code == 400
    status = client.get("/api/v1/audit/status", headers=headers).json
    assert status["ok"] is True and status["summary"].startswith("OK")
    service_of(review_app).audit.close()  # writes a signed checkpoint
    status = client.get("/api/v1/audit/status", headers=headers).json
    assert status["checkpoint"]["seq"] >= 6
    exported = client.get("/api/v1/audit/export?format=csv&event=document.held", headers=headers)
    assert (
        exported.mimetype == "text/csv" and "attachment" in exported.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert {r["document_id"] for r in rows} == set(ids)
    lines = client.get(
        "/api/v1/audit/export?format=jsonl&event=document.held", headers=headers
    ).get_data(as_text=True)
    assert [json.loads(x)["event"] for x in lines.splitlines()] == ["document.held"] * 2
    bad = client.get("/api/v1/audit/export?format=xml", headers=headers)
    assert bad.status_code == 400
    exports = [r for r in read_records(service_of(review_app).settings.audit_dir)
               if r["event"] == "audit.exported"]  # fmt: skip
    assert [e["format"] for e in exports] == ["csv", "jsonl"]


# operations -------------------------------------------------------------------------------
def test_operations_counts_and_held_share_by_week(review_app: Flask) -> None:
    import time

    tokens = tokens_for(review_app)
    ids = _held(review_app, tokens["submitter"], 2)
    client = review_app.test_client()
    client.post("/api/v1/documents", json={"text": ""}, headers=bearer(tokens["submitter"]))
    store = service_of(review_app).store
    store.update_document(ids[1], created_at=time.time() - 8 * 86400)  # last week's
    ops = client.get("/api/v1/operations", headers=bearer(tokens["admin"])).json
    assert ops["review_backlog"] == 2 and ops["queue_depth"] == 0
    today = ops["daily"][-1]
    assert (today["received"], today["errors"], today["held"]) == (2, 1, 1)
    assert today["error_rate"] == 0.5 and len(ops["daily"]) == 14
    (api,) = ops["held_by_source"]
    assert (api["source"], api["this_week"], api["last_week"], api["change"]) == (
        "api",
        0.5,
        1.0,
        -0.5,
    )
    assert client.get("/api/v1/operations", headers=bearer(tokens["auditor"])).status_code == 403
