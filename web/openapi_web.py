"""OpenAPI paths of the web product: the redacted document in its own format, a document's
history, the review desk (triage, assignment, locks, bulk, page boxes), entity types and the
audit trail. Merged into `web.openapi.spec()`."""

from __future__ import annotations

from typing import Any

from classifier.service.listing import FILTERS

DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}
NUMBER = {"name": "number", "in": "path", "required": True, "schema": {"type": "integer"}}
OBJECT = {"type": "object"}


def _query(name: str, description: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}, "description": description}


def _op(summary: str, roles: str, responses: dict[str, str], **extra: Any) -> dict[str, Any]:
    error = {"$ref": "#/components/schemas/Error"}
    answers: dict[str, Any] = {
        code: {"description": text, "content": {"application/json": {"schema": OBJECT}}}
        for code, text in responses.items()
    }
    for code, text in (("401", "no or unknown credentials"), ("403", "the role may not do this")):
        answers[code] = {"description": text, "content": {"application/json": {"schema": error}}}
    return {"summary": summary, "description": f"Roles: {roles}.", "responses": answers, **extra}


def list_parameters() -> list[dict[str, Any]]:
    return [
        _query("q", "a file name part, an id prefix or a sha256 prefix"),
        *(_query(name, f"exact {name}") for name in FILTERS),
        _query("since", "received on or after this day, YYYY-MM-DD"),
        _query("until", "received on or before this day, YYYY-MM-DD"),
        _query("sort", "newest (default), oldest, name"),
        _query("page", "from 1", "integer"),
        _query("per_page", "1 to 500 (default 25)", "integer"),
        _query("limit", "the same as per_page", "integer"),
    ]


def _audit_filters() -> list[dict[str, Any]]:
    return [
        _query("event", 'an event, or a prefix ending in "." (document.)'),
        _query("actor", "a part of the actor (user:rita)"),
        _query("document", "a document id prefix"),
        _query("since", "YYYY-MM-DD"),
        _query("until", "YYYY-MM-DD (inclusive)"),
    ]


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


ALL = "submitter (own), reviewer, auditor, admin"
REVIEW = "reviewer, admin"
AUDIT = "auditor, admin"


BULK = {
    "type": "object",
    "required": ["ids", "decision", "reason"],
    "properties": {
        "ids": {"type": "array", "items": {"type": "string"}, "maxItems": 100},
        "decision": {"type": "string", "enum": ["release", "block"]},
        "reason": {"type": "string", "maxLength": 500},
    },
}
PAGING = [_query("page", "from 1", "integer"), _query("per_page", "1 to 500", "integer")]
QUEUE = [
    _query("sort", "oldest (default), newest, confidence, sender"),
    _query("label", "exact label"),
    _query("sender", "exact submitter"),
    _query("reason", "a rule id"),
    _query("assignee", "mine, unassigned, or an account (rita or user:rita)"),
]
ASSIGN = {
    "type": "object",
    "required": ["assignee"],
    "properties": {"assignee": {"type": ["string", "null"]}},
}
# (path, method, summary, roles, responses, parameters, request body schema)
OPERATIONS: tuple[tuple[str, str, str, str, dict[str, str], list[Any], Any], ...] = (
    (
        "/api/v1/documents/{doc_id}/redacted-document",
        "get",
        "Download the redacted document in its own format (audited)",
        ALL,
        {
            "200": "the redacted PDF, DOCX, image, HTML or e-mail (plain text: the text)",
            "404": "no such document, or not one the caller may see",
            "409": "queued, held for review, blocked or purged",
        },
        [DOC_ID],
        None,
    ),
    (
        "/api/v1/documents/{doc_id}/pages/{number}",
        "get",
        "A page of a PDF or image as PNG: the original with boxes drawn, or redacted (audited)",
        REVIEW,
        {"200": "image/png", "404": "no such document or page, or not paged"},
        [DOC_ID, NUMBER, _query("view", "original (boxes drawn; default), plain or redacted")],
        None,
    ),
    (
        "/api/v1/documents/{doc_id}/pages/{number}/span",
        "get",
        "The text offsets under a box drawn on a page's picture (a missed finding to add)",
        REVIEW,
        {"200": "{start, end, text}", "404": "no text under the box, or no such page"},
        [DOC_ID, NUMBER, _query("box", "x0,y0,x1,y1 in the picture's pixels")],
        None,
    ),
    (
        "/api/v1/documents/{doc_id}/boxes",
        "get",
        "Each page's size and the redaction boxes of each finding, in picture pixels (audited)",
        REVIEW,
        {"200": "{pages: [{number, width, height, unit, picture}], boxes: [...]}"},
        [DOC_ID],
        None,
    ),
    (
        "/api/v1/documents/{doc_id}/history",
        "get",
        "The document's history from the audit trail (who did what, when)",
        ALL,
        {"200": "{id, events: [{time, event, what, actor, details}]}", "404": "not found"},
        [DOC_ID],
        None,
    ),
    (
        "/api/v1/review",
        "get",
        "The review queue for triage: reasons in words, sender, age, lock",
        REVIEW,
        {"200": "{documents: [...]}", "400": "unknown sort or parameter"},
        QUEUE,
        None,
    ),
    (
        "/api/v1/reviewers",
        "get",
        "The accounts a held document may be assigned to",
        REVIEW,
        {"200": "{reviewers: [user:NAME, ...]}"},
        [],
        None,
    ),
    (
        "/api/v1/review/{doc_id}/assignee",
        "put",
        "Assign a held document to a reviewer (null: unassign); audited",
        REVIEW,
        {"200": "{id, assigned_to}", "400": "not an account that may review", "409": "not held"},
        [DOC_ID],
        ASSIGN,
    ),
    (
        "/api/v1/review/{doc_id}/assignee",
        "delete",
        "Unassign a held document; audited",
        REVIEW,
        {"200": "{id, assigned_to: null}", "409": "not held"},
        [DOC_ID],
        None,
    ),
    (
        "/api/v1/review/{doc_id}/lock",
        "post",
        "Open a held document for review: take its lock",
        REVIEW,
        {"200": "{id, locked_by}", "409": "open by another reviewer, or not held"},
        [DOC_ID],
        None,
    ),
    (
        "/api/v1/review/{doc_id}/lock",
        "delete",
        "Let go of the lock",
        REVIEW,
        {"200": "{id, locked_by: null}"},
        [DOC_ID],
        None,
    ),
    (
        "/api/v1/review/bulk",
        "post",
        "Release or block many held documents with one reason (each audited)",
        REVIEW,
        {"200": "{results: [{id, status, review_state | detail}]}", "400": "no reason"},
        [],
        BULK,
    ),
    (
        "/api/v1/entity-types",
        "get",
        "The policy's entity types with their fixed colours",
        ALL,
        {"200": "the legend"},
        [],
        None,
    ),
    (
        "/api/v1/audit",
        "get",
        "Audit records, newest first, filtered and paged",
        AUDIT,
        {"200": "{records, total, page, per_page}", "400": "bad filter"},
        [*_audit_filters(), *PAGING],
        None,
    ),
    (
        "/api/v1/operations",
        "get",
        "Throughput, queue depth, error rate, review backlog; held share this week vs last",
        "admin",
        {"200": "{review_backlog, queue_depth, daily, held_by_source, held_by_label}"},
        [],
        None,
    ),
    (
        "/api/v1/audit/status",
        "get",
        "Verification of the trail (as `classifier audit verify`), last checkpoints per node",
        AUDIT,
        {"200": "{ok, summary, problems, records, checkpoint, nodes: [{node, ok, checkpoint}]}"},
        [],
        None,
    ),
    (
        "/api/v1/audit/export",
        "get",
        "Export the filtered records as CSV or JSON lines (audited)",
        AUDIT,
        {"200": "text/csv or application/x-ndjson", "400": "bad filter or format"},
        [*_audit_filters(), _query("format", "csv (default) or jsonl")],
        None,
    ),
)


def web_paths() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, method, summary, roles, responses, parameters, body in OPERATIONS:
        extra: dict[str, Any] = {"parameters": parameters} if parameters else {}
        if body is not None:
            extra["requestBody"] = _body(body)
        paths.setdefault(path, {})[method] = _op(summary, roles, responses, **extra)
    return paths
