"""REST API v1, the review desk: the triage queue, assignment, locks, one decision, bulk
decisions, and the entity types a reviewer may choose (the policy's list, with their colours)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request

from classifier.errors import ClassifierError, RequestError
from classifier.service.assignment import reviewers
from classifier.service.queue import QueueQuery
from web import api
from web.auth import require
from web.colours import legend
from web.errors import status_for_reason
from web.requests import json_body
from web.state import service

bp = Blueprint("review", __name__)
MAX_BULK = 100


@bp.get("/api/v1/review")
@require("review")
def review_queue() -> Any:
    """Held documents: why (rule ids and words), sender, age, lock, assignee; `sort`, `label`,
    `sender`, `reason` (a rule id), `assignee` (mine, unassigned, an account) as parameters."""
    query = QueueQuery.from_args(request.args).seen_by(api._principal().id)
    return jsonify({"documents": service().triage(query)})


@bp.get("/api/v1/reviewers")
@require("review")
def list_reviewers() -> Any:
    """The accounts a held document may be assigned to."""
    return jsonify({"reviewers": reviewers(service().store)})


@bp.put("/api/v1/review/<doc_id>/assignee")
@require("review")
def assign(doc_id: str) -> Any:
    """{"assignee": "rita" | "user:rita" | "mine" | null}: assign (null: unassign); audited."""
    body = json_body()
    if not isinstance(body, dict) or "assignee" not in body:
        raise RequestError('the body is {"assignee": NAME or null}')
    assignee = service().assign(doc_id, api._principal(), body["assignee"])
    return jsonify({"id": doc_id, "assigned_to": assignee})


@bp.delete("/api/v1/review/<doc_id>/assignee")
@require("review")
def unassign(doc_id: str) -> Any:
    service().assign(doc_id, api._principal(), None)
    return jsonify({"id": doc_id, "assigned_to": None})


@bp.post("/api/v1/review/<doc_id>")
@require("review")
def review_document(doc_id: str) -> Any:
    record = service().decide(doc_id, api._principal(), json_body())
    row = service().store.document(doc_id)
    assert row is not None
    if record["status"] == "quarantined":  # the decision could not be applied
        return jsonify(api._view(row, record)), status_for_reason(record["error"]["reason"])
    return jsonify(api._view(row, record))


@bp.post("/api/v1/review/<doc_id>/lock")
@require("review")
def lock(doc_id: str) -> Any:
    """Open a document for review: its lock, or 409 naming the reviewer who holds it."""
    return jsonify({"id": doc_id, "locked_by": service().lock(doc_id, api._principal())})


@bp.delete("/api/v1/review/<doc_id>/lock")
@require("review")
def unlock(doc_id: str) -> Any:
    service().unlock(doc_id, api._principal())
    return jsonify({"id": doc_id, "locked_by": None})


@bp.post("/api/v1/review/bulk")
@require("review")
def bulk() -> Any:
    """{"ids": [...], "decision": "release"|"block", "reason": "..."}: each decided as one
    would be alone (its own audit record); the outcome per id."""
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("ids"), list):
        raise RequestError('the body is {"ids": [...], "decision": ..., "reason": ...}')
    ids = [str(i) for i in body["ids"]][:MAX_BULK]
    if not str(body.get("reason", "")).strip():
        raise RequestError("a bulk decision needs a reason")
    decision = {"decision": body.get("decision"), "reason": body.get("reason")}
    return jsonify({"results": [_decide_one(doc_id, decision) for doc_id in ids]})


def _decide_one(doc_id: str, decision: dict[str, Any]) -> dict[str, Any]:
    try:
        record = service().decide(doc_id, api._principal(), decision)
    except ClassifierError as exc:
        return {"id": doc_id, "status": exc.http_status, "detail": exc.public_detail()}
    row = service().store.document(doc_id)
    state = row.review_state if row else None
    ok = record["status"] != "quarantined"
    return {"id": doc_id, "status": 200 if ok else 422, "review_state": state}


@bp.get("/api/v1/entity-types")
@require("documents.read_own")
def entity_types() -> Any:
    """The policy's entity types, each with its fixed colour (the legend of every page)."""
    return jsonify({"entity_types": legend(service().pipeline.policy.entity_types)})
