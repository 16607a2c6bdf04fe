"""The OpenAPI 3 description of API v1, served at /api/v1/openapi.json.

tests/test_api_openapi.py checks it against the app's routes (every route documented, every
documented operation routed) and the documented status codes against real responses.
"""

from __future__ import annotations

from typing import Any

from web.openapi_web import list_parameters, web_paths

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _err(description: str) -> dict[str, Any]:
    return _json(ERROR, description)


def _op(
    summary: str,
    responses: dict[str, Any],
    roles: str = "",
    public: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": dict(responses), **extra}
    if public:
        op["security"] = []
    else:
        op["description"] = f"Roles: {roles}."
        op["responses"].setdefault("401", _err("no or unknown credentials"))
        op["responses"].setdefault("403", _err("the role may not do this"))
    return op


DOC_ID = {"name": "doc_id", "in": "path", "required": True, "schema": {"type": "string"}}
NOT_FOUND = _err("no such document, or not one the caller may see")


def spec() -> dict[str, Any]:
    from web.openapi_fhir import SCHEMAS, fhir_paths  # it builds on this module's helpers

    described = _spec()
    described["paths"] |= fhir_paths()
    described["components"]["schemas"] |= SCHEMAS
    return described


def _spec() -> dict[str, Any]:
    result = {"$ref": "#/components/schemas/Result"}
    summary_list = {
        "type": "object",
        "required": ["documents"],
        "properties": {
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Summary"}}
        },
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Document classifier and redactor",
            "version": "1",
            "description": "On-premise classification and redaction. See docs/web.md.",
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"session": []}],
        "paths": {
            "/api/v1/documents": {
                "post": _op(
                    "Submit a document (multipart `file`, or JSON {text})",
                    {
                        "200": _json(result, "processed (the action may be review or block)"),
                        "202": _json({"$ref": "#/components/schemas/Job"}, "queued (?wait=false)"),
                        "400": _err("malformed request"),
                        "413": _json(result, "quarantined: too large"),
                        "415": _json(result, "quarantined or unsupported request type"),
                        "422": _json(result, "quarantined: corrupt, encrypted or empty"),
                    },
                    "submitter, reviewer, admin",
                    parameters=[
                        {
                            "name": "wait",
                            "in": "query",
                            "schema": {"type": "boolean", "default": True},
                            "description": "false: answer 202 at once with the job URL",
                        }
                    ],
                    requestBody={
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {"file": {"type": "string", "format": "binary"}},
                                }
                            },
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["text"],
                                    "properties": {"text": {"type": "string"}},
                                }
                            },
                        },
                    },
                ),
                "get": _op(
                    "List documents (own; all for reviewer, auditor, admin)",
                    {"200": _json(summary_list, "newest first")},
                    "submitter (own), reviewer, auditor, admin",
                    parameters=list_parameters(),
                ),
            },
            "/api/v1/documents/{doc_id}": {
                "get": _op(
                    "A document's status and result (the job URL)",
                    {"200": _json(result, "result, or {id, status: queued}"), "404": NOT_FOUND},
                    "submitter (own), reviewer, auditor, admin",
                    parameters=[DOC_ID],
                )
            },
            "/api/v1/documents/{doc_id}/redacted": {
                "get": _op(
                    "Download the redacted text (audited)",
                    {
                        "200": {
                            "description": "the redacted text",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        },
                        "404": NOT_FOUND,
                        "409": _err("queued, held for review, blocked or purged"),
                    },
                    "submitter (own), reviewer, auditor, admin",
                    parameters=[DOC_ID],
                )
            },
            "/api/v1/documents/{doc_id}/original": {
                "get": _op(
                    "Download the original file (audited)",
                    {
                        "200": {
                            "description": "the original bytes",
                            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
                        },
                        "404": NOT_FOUND,
                        "409": _err("purged"),
                    },
                    "reviewer, admin",
                    parameters=[DOC_ID],
                )
            },
            "/api/v1/documents/{doc_id}/text": {
                "get": _op(
                    "The original's extracted text and findings, for highlighting (audited)",
                    {
                        "200": _json({"$ref": "#/components/schemas/Text"}, "text and findings"),
                        "404": NOT_FOUND,
                        "409": _err("purged"),
                    },
                    "reviewer, admin",
                    parameters=[DOC_ID],
                )
            },
            "/api/v1/review/{doc_id}": {
                "post": _op(
                    "Release or block a held document, with corrections (audited)",
                    {
                        "200": _json(result, "the reviewed result"),
                        "400": _err("bad decision, label or span"),
                        "404": NOT_FOUND,
                        "409": _err("not waiting for review"),
                    },
                    "reviewer, admin",
                    parameters=[DOC_ID],
                    requestBody={
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Review"}}
                        },
                    },
                )
            },
            "/api/v1/models": {
                "get": _op(
                    "The active model", {"200": _json({"type": "object"}, "")}, "auditor, admin"
                )
            },
            "/api/v1/policies": {
                "get": _op(
                    "The active policy", {"200": _json({"type": "object"}, "")}, "auditor, admin"
                )
            },
            "/api/v1/tokens": {
                "post": _op(
                    "Create an API token (shown once)",
                    {
                        "201": _json({"type": "object"}, "the new token"),
                        "400": _err("unknown role"),
                    },
                    "admin",
                    requestBody={
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["role"],
                                    "properties": {
                                        "role": {
                                            "type": "string",
                                            "enum": ["submitter", "reviewer", "auditor", "admin"],
                                        },
                                        "name": {"type": "string"},
                                    },
                                }
                            }
                        },
                    },
                )
            },
            "/api/v1/openapi.json": {
                "get": _op("This document", {"200": _json({"type": "object"}, "")}, public=True)
            },
            "/healthz": {
                "get": _op("Liveness", {"200": _json({"type": "object"}, "")}, public=True)
            },
            "/readyz": {
                "get": _op(
                    "Readiness: database, audit trail, model",
                    {
                        "200": _json({"type": "object"}, "ready"),
                        "503": _json({"type": "object"}, "not ready"),
                    },
                    public=True,
                )
            },
            "/metrics": {
                "get": _op(
                    "Prometheus metrics (text format 0.0.4)",
                    {
                        "200": {
                            "description": "metrics",
                            "content": {"text/plain": {"schema": {"type": "string"}}},
                        }
                    },
                    "auditor, admin",
                )
            },
            **_access_paths(),
            **web_paths(),
        },
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "API token"},
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "classifier_session",
                    "description": "UI login; state changes also need the X-CSRF-Token header",
                },
            },
            "schemas": _schemas(),
        },
    }


def _json_body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _access_paths() -> dict[str, Any]:
    """Tokens and accounts (web/access_api.py); every change audited."""
    role = {"type": "string", "enum": ["submitter", "reviewer", "auditor", "admin"]}
    username = {"name": "username", "in": "path", "required": True, "schema": {"type": "string"}}
    token_id = {"name": "token_id", "in": "path", "required": True, "schema": {"type": "integer"}}
    obj = {"type": "object"}
    switch = {"200": _json(obj, "the account"), "404": _err("no such user")}
    return {
        "/api/v1/tokens/{token_id}": {
            "delete": _op(
                "Revoke an API token (audited)",
                {"204": {"description": "revoked"}, "404": _err("no live token with this id")},
                "admin",
                parameters=[token_id],
            )
        },
        "/api/v1/users": {
            "post": _op(
                "Create or update a local account; an update ends its sessions (audited)",
                {
                    "201": _json(obj, "created"),
                    "200": _json(obj, "updated"),
                    "400": _err("bad name, password or role"),
                },
                "admin",
                requestBody=_json_body(
                    {"username": {"type": "string"}, "password": {"type": "string"}, "role": role},
                    ["username", "password", "role"],
                ),
            )
        },
        "/api/v1/users/{username}/disable": {
            "post": _op(
                "Disable an account: its logins refused, its sessions ended (audited)",
                switch,
                "admin",
                parameters=[username],
            )
        },
        "/api/v1/users/{username}/enable": {
            "post": _op("Enable an account (audited)", switch, "admin", parameters=[username])
        },
    }


def _schemas() -> dict[str, Any]:
    finding = {
        "type": "object",
        "required": ["start", "end", "entity_type"],
        "properties": {
            "start": {"type": "integer"},
            "end": {"type": "integer"},
            "entity_type": {"type": "string"},
            "score": {"type": "number"},
        },
    }
    return {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["reason", "detail"],
                    "properties": {"reason": {"type": "string"}, "detail": {"type": "string"}},
                }
            },
        },
        "Finding": finding,
        "Result": {
            "type": "object",
            "required": ["id", "status"],
            "properties": {
                "id": {"type": "string"},
                "status": {
                    "type": "string",
                    "enum": ["queued", "running", "processed", "quarantined", "failed"],
                },
                "label": {"type": "string"},
                "domain": {"type": "string"},
                "confidence": {"type": "number"},
                "sensitivity": {"type": "string"},
                "action": {"type": "string", "enum": ["redact", "review", "block", "pass"]},
                "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                "redacted_text": {"type": "string"},
                "sha256": {"type": "string"},
                "filename": {"type": "string"},
                "media_type": {"type": "string"},
                "model_version": {"type": "string"},
                "policy_version": {"type": "string"},
                "review_state": {"type": "string", "nullable": True},
                "error": {"type": "object"},
                "links": {"type": "object"},
            },
        },
        "Job": {
            "type": "object",
            "required": ["id", "status", "url"],
            "properties": {
                "id": {"type": "string"},
                "status": {"type": "string"},
                "url": {"type": "string"},
            },
        },
        "Summary": {"type": "object", "required": ["id", "status", "filename"]},
        "Text": {
            "type": "object",
            "required": ["id", "text", "findings"],
            "properties": {
                "id": {"type": "string"},
                "text": {"type": "string"},
                "findings": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
            },
        },
        "Review": {
            "type": "object",
            "required": ["decision"],
            "properties": {
                "decision": {"type": "string", "enum": ["release", "block"]},
                "label": {"type": "string", "description": "corrected label"},
                "add": {"type": "array", "items": {"$ref": "#/components/schemas/Finding"}},
                "remove": {
                    "type": "array",
                    "items": {"$ref": "#/components/schemas/Finding"},
                    "description": "findings to drop, matched by start and end",
                },
                "draw": {
                    "type": "array",
                    "maxItems": 200,
                    "description": "boxes drawn on PDF or image pages, in the page picture's "
                    "pixels (1000 wide): the text under one becomes a finding, else a region "
                    "painted over",
                    "items": {
                        "type": "object",
                        "required": ["page", "box", "entity_type"],
                        "properties": {
                            "page": {"type": "integer", "minimum": 1},
                            "box": {
                                "type": "array",
                                "items": {"type": "number"},
                                "minItems": 4,
                                "maxItems": 4,
                            },
                            "entity_type": {"type": "string"},
                        },
                    },
                },
                "reason": {
                    "type": "string",
                    "maxLength": 500,
                    "description": "why (required to block); kept sealed, not in the audit trail",
                },
            },
        },
    }
