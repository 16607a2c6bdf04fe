# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""Reviewer assignment against the real app, store and audit trail: assign to oneself or to
another reviewer, never to an account that may not review; the queue shows and filters by
assignee (mine, unassigned, an account); unassign; both audited (who, whom, when; no
content); the review lock still decides who may act."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from classifier.audit.log import AuditLog, read_records
from classifier.security.access import Principal, create_user
from classifier.service.assignment import assign, assignments, reviewers
from classifier.service.store import Store
from tests.documents import PLANTED
from tests.postgres import pg_url  # noqa: F401 (fixture)
from tests.test_access import login
from tests.test_web_review_audit import _held
from tests.web_fixtures import bearer, review_app, service_of, tokens_for, web_settings  # noqa: F401

PASSWORD = "correct horse battery staple"


def _logged_in(app: Flask, name: str) -> tuple[FlaskClient, dict[str, str]]:
    """A browser-like client logged in with a session; the CSRF header its changes need."""
    client = app.test_client()
    assert login(client, name, PASSWORD).status_code == 302
    page = client.get("/review").get_data(as_text=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert found is not None
    return client, {"X-CSRF-Token": found.group(1)}


def _queue(client: FlaskClient, query: str = "", **kw: object) -> list[str]:
    response = client.get(f"/api/v1/review{query}", **kw)  # type: ignore[arg-type]
    assert response.status_code == 200
    return [d["id"] for d in response.json["documents"]]


def test_assign_filter_and_unassign(review_app: Flask) -> None:
    svc = service_of(review_app)
    for name, role in (("rita", "reviewer"), ("omar", "reviewer"), ("ada", "admin"),
                       ("clerk", "submitter"), ("audrey", "auditor")):  # fmt: skip
        create_user(svc.store, name, PASSWORD, role)
    tokens = tokens_for(review_app)
    first, second, third = _held(review_app, tokens["submitter"], 3)
    rita, csrf = _logged_in(review_app, "rita")

    listed = rita.get("/api/v1/reviewers").json["reviewers"]
    assert listed == ["user:ada", "user:omar", "user:rita"]
    mine = rita.put(f"/api/v1/review/{first}/assignee", json={"assignee": "mine"}, headers=csrf)
    assert mine.status_code == 200 and mine.json["assigned_to"] == "user:rita"
    other = rita.put(f"/api/v1/review/{second}/assignee", json={"assignee": "omar"}, headers=csrf)
    assert other.json["assigned_to"] == "user:omar"
    for wrong in ("clerk", "audrey", "nobody", 7):
        refused = rita.put(
            f"/api/v1/review/{third}/assignee", json={"assignee": wrong}, headers=csrf
        )
        assert refused.status_code == 400, wrong
    no_csrf = rita.put(f"/api/v1/review/{third}/assignee", json={"assignee": "rita"})
    assert no_csrf.status_code in (400, 403)

    items = {d["id"]: d for d in rita.get("/api/v1/review").json["documents"]}
    assert items[first]["assigned_to"] == "user:rita"
    assert items[second]["assigned_to"] == "user:omar" and items[third]["assigned_to"] is None
    assert _queue(rita, "?assignee=mine") == [first]
    assert _queue(rita, "?assignee=unassigned") == [third]
    assert _queue(rita, "?assignee=omar") == [second]
    assert _queue(rita, "?assignee=user:omar") == [second]
    omar, omar_csrf = _logged_in(review_app, "omar")
    assert _queue(omar, "?assignee=mine") == [second]

    gone = rita.delete(f"/api/v1/review/{second}/assignee", headers=csrf)
    assert gone.status_code == 200 and gone.json["assigned_to"] is None
    assert sorted(_queue(rita, "?assignee=unassigned")) == sorted([second, third])

    # a token with the reviewer role may assign (to an account), never to itself
    headers = bearer(tokens["reviewer"])
    client = review_app.test_client()
    assert client.put(f"/api/v1/review/{third}/assignee", json={"assignee": "mine"},
                      headers=headers).status_code == 400  # fmt: skip
    assert client.put(f"/api/v1/review/{third}/assignee", json={"assignee": "ada"},
                      headers=headers).json["assigned_to"] == "user:ada"  # fmt: skip
    assert client.put(f"/api/v1/review/{third}/assignee", json={},
                      headers=headers).status_code == 400  # fmt: skip
    for role in ("submitter", "auditor"):
        assert client.get("/api/v1/reviewers", headers=bearer(tokens[role])).status_code == 403
        assert client.put(f"/api/v1/review/{third}/assignee", json={"assignee": "rita"},
                          headers=bearer(tokens[role])).status_code == 403  # fmt: skip

    # the lock still decides who acts: rita is assigned, omar has it open
    assert omar.post(f"/api/v1/review/{first}/lock", headers=omar_csrf).status_code == 200
    blocked = rita.post(f"/api/v1/review/{first}", json={"decision": "release"}, headers=csrf)
    assert blocked.status_code == 409 and "user:omar" in blocked.json["error"]["detail"]
    assert rita.post(f"/api/v1/review/{first}/lock", headers=csrf).status_code == 409
    omar.delete(f"/api/v1/review/{first}/lock", headers=omar_csrf)
    released = rita.post(f"/api/v1/review/{first}", json={"decision": "release"}, headers=csrf)
    assert released.status_code == 200
    late = rita.put(f"/api/v1/review/{first}/assignee", json={"assignee": "rita"}, headers=csrf)
    assert late.status_code == 409  # no longer held

    _audited(Path(svc.settings.audit_dir), first, second)


def _audited(audit_dir: Path, first: str, second: str) -> None:
    records = [r for r in read_records(audit_dir) if r["event"].startswith("review.")]
    assigned = [r for r in records if r["event"] == "review.assigned"]
    assert {(r["document_id"], r["actor"], r["assignee"]) for r in assigned} >= {
        (first, "user:rita", "user:rita"),
        (second, "user:rita", "user:omar"),
    }
    (unassigned,) = [r for r in records if r["event"] == "review.unassigned"]
    assert unassigned["document_id"] == second and unassigned["actor"] == "user:rita"
    assert unassigned["previous"] == "user:omar" and unassigned["time"]
    text = json.dumps(records)
    assert not any(value in text for value in PLANTED)


def test_history_shows_assignment(review_app: Flask) -> None:
    svc = service_of(review_app)
    create_user(svc.store, "rita", PASSWORD, "reviewer")
    tokens = tokens_for(review_app)
    (doc_id,) = _held(review_app, tokens["submitter"], 1)
    client = review_app.test_client()
    client.put(f"/api/v1/review/{doc_id}/assignee", json={"assignee": "rita"},
               headers=bearer(tokens["admin"]))  # fmt: skip
    events = client.get(
        f"/api/v1/documents/{doc_id}/history", headers=bearer(tokens["submitter"])
    ).json["events"]
    (event,) = [e for e in events if e["event"] == "review.assigned"]
    assert event["what"] == "assigned for review"
    assert event["details"] == {"assignee": "user:rita"}


def test_assignment_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """The same table and statements on the real PostgreSQL server (one schema per test)."""
    store = Store(pg_url)
    audit = AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys")
    try:
        create_user(store, "rita", PASSWORD, "reviewer")
        create_user(store, "sam", PASSWORD, "submitter")
        meta = {"source": "api", "owner": "user:sam", "filename": "a.txt", "media_type": "",
                "sha256": "0" * 64, "original": b"sealed"}  # fmt: skip
        store.add_document("doc-1", **meta)
        store.update_document("doc-1", status="processed", review_state="pending")
        assert reviewers(store) == ["user:rita"]
        rita = Principal("user", "rita", "reviewer")
        row = store.document("doc-1")
        assert row is not None
        assert assign(store, audit, row, rita, "mine") == "user:rita"
        assert assign(store, audit, row, rita, "rita") == "user:rita"  # again: an update
        assert assignments(store) == {"doc-1": "user:rita"}
        assert assign(store, audit, row, rita, None) is None
        assert assignments(store) == {}
        events = [r["event"] for r in read_records(tmp_path / "audit")]
        assert events == ["review.assigned", "review.assigned", "review.unassigned"]
    finally:
        store.close()
