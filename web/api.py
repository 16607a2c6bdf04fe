"""REST API v1 for records systems (and the UI's scripts), plus /healthz, /readyz, /metrics.

The routes are thin: access checks here (`web.auth.require`), the work in
`classifier.service.documents`, core errors mapped to HTTP statuses in `web.errors`.
"""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, request, send_file, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from classifier.policy.explain import describe
from classifier.service.listing import MAX_PAGE, DocumentQuery
from classifier.service.store import DocumentRow
from classifier.stages.emit import redacted_name
from web.auth import require
from web.auth import required_principal as _principal
from web.colours import colour_table
from web.errors import error_page, status_for_reason, wants_page
from web.openapi import spec
from web.requests import EdgeBadRequest, int_arg, json_body
from web.state import service

bp = Blueprint("api", __name__)


def error(status: int, reason: str, detail: str) -> tuple[Any, int]:
    return jsonify({"error": {"reason": reason, "detail": detail}}), status


def _view(row: DocumentRow, record: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = dict(record) if record else {"id": row.id, "status": row.status}
    if record is None and row.error_reason:  # a failed job says why
        body["error"] = {"reason": row.error_reason, "detail": "the job did not finish"}
    body["review_state"] = row.review_state
    body["links"] = {
        "self": url_for("api.get_document", doc_id=row.id),
        "redacted": url_for("api.get_redacted", doc_id=row.id),
        "redacted_document": url_for("api.get_redacted_document", doc_id=row.id),
        "history": url_for("api.get_history", doc_id=row.id),
    }
    return body


@bp.post("/api/v1/documents")
@require("documents.submit")
def submit_document() -> Any:
    svc, principal = service(), _principal()
    wait = request.args.get("wait", "true").lower() not in ("false", "0", "no")
    source = "api" if request.headers.get("Authorization") else "ui"
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            return error(400, "bad request", "multipart upload needs a 'file' field")
        submitted = svc.submit_bytes(
            upload.read(), upload.filename or "upload", principal, source, wait
        )
    elif request.is_json:
        body = json_body()
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return error(400, "bad request", 'JSON body must be {"text": "..."}')
        submitted = svc.submit_text(body["text"], principal, source, wait)
    else:
        return error(
            415,
            "unsupported media type",
            "send multipart/form-data with a 'file' field, or application/json",
        )
    row, record = submitted.row, submitted.result
    if not wait:
        url = url_for("api.get_document", doc_id=row.id)
        response = jsonify({"id": row.id, "status": "queued", "url": url})
        response.headers["Location"] = url
        return response, 202
    assert record is not None  # waited for: the pipeline gave an outcome (maybe quarantine)
    if record["status"] == "quarantined":
        return jsonify(_view(row, record)), status_for_reason(record["error"]["reason"])
    return jsonify(_view(row, record)), 200


@bp.get("/api/v1/documents")
@require("documents.read_own")
def list_documents() -> Any:
    """Search, filters and paging (see `classifier.service.listing`); `limit` is per_page."""
    limit = int_arg("limit", 0, 1, MAX_PAGE)
    query = DocumentQuery.from_args({k: v for k, v in request.args.items() if k != "limit"})
    if limit:
        query = dataclasses.replace(query, per_page=limit)
    rows, total = service().search(_principal(), query)
    return jsonify(
        {
            "documents": [r.summary() for r in rows],
            "total": total,
            "page": query.page,
            "per_page": query.per_page,
        }
    )


@bp.get("/api/v1/documents/<doc_id>")
@require("documents.read_own")
def get_document(doc_id: str) -> Any:
    row, record = service().result(doc_id, _principal())
    return jsonify(_view(row, record))


@bp.get("/api/v1/documents/<doc_id>/redacted")
@require("documents.read_own")
def get_redacted(doc_id: str) -> Any:
    row, text = service().redacted(doc_id, _principal())
    return _download(text.encode("utf-8"), redacted_name(row.filename), "text/plain")


@bp.get("/api/v1/documents/<doc_id>/redacted-document")
@require("documents.read_own")
def get_redacted_document(doc_id: str) -> Any:
    """The redacted document in its own format (PDF, DOCX, image, HTML, e-mail)."""
    content, media_type, name = service().redacted_file(doc_id, _principal())
    return _download(content, name, media_type)


@bp.get("/api/v1/documents/<doc_id>/history")
@require("documents.read_own")
def get_history(doc_id: str) -> Any:
    return jsonify({"id": doc_id, "events": service().history(doc_id, _principal())})


@bp.get("/api/v1/documents/<doc_id>/original")
@require("documents.original")
def get_original(doc_id: str) -> Any:
    row, content = service().original(doc_id, _principal())
    return _download(content, row.filename, row.media_type or "application/octet-stream")


def _download(content: bytes, name: str, mimetype: str) -> Response:
    """An attachment named `name` in any script: an ASCII `filename` and an RFC 5987 `filename*`."""
    response = send_file(
        io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=name, etag=False
    )
    response.headers["Cache-Control"] = "no-store"  # send_file would allow caching a document
    return response


@bp.get("/api/v1/documents/<doc_id>/text")
@require("documents.original")
def get_text(doc_id: str) -> Any:
    svc, principal = service(), _principal()
    row, text = svc.original_text(doc_id, principal)
    _, record = svc.result(doc_id, principal)
    findings = record.get("findings", []) if record else []
    page_count = svc.page_count(doc_id, principal)
    return jsonify({"id": row.id, "text": text, "findings": findings, "pages": page_count})


@bp.get("/api/v1/documents/<doc_id>/boxes")
@require("documents.original")
def get_boxes(doc_id: str) -> Any:
    """Page sizes and each finding's redaction boxes in picture pixels (accept or remove)."""
    return jsonify(service().boxes(doc_id, _principal()))


@bp.get("/api/v1/documents/<doc_id>/pages/<int:number>/span")
@require("documents.original")
def get_span_on_page(doc_id: str, number: int) -> Any:
    """`?box=x0,y0,x1,y1` drawn on the page's picture: the text offsets it covers."""
    try:
        box = [float(v) for v in request.args.get("box", "").split(",")]
    except ValueError:
        raise EdgeBadRequest("box is x0,y0,x1,y1 in the page picture's pixels") from None
    if len(box) != 4:
        raise EdgeBadRequest("box is x0,y0,x1,y1 in the page picture's pixels")
    return jsonify(service().span_on_page(doc_id, _principal(), number, box))


@bp.get("/api/v1/documents/<doc_id>/pages/<int:number>")
@require("documents.original")
def get_page(doc_id: str, number: int) -> Any:
    """Page `number` of a PDF or image as PNG: `view=original` (boxes drawn), `plain` (the
    original without them: the page view draws them as buttons) or `redacted`."""
    view = request.args.get("view", "original")
    if view not in ("original", "plain", "redacted"):
        raise EdgeBadRequest("view must be original, plain or redacted")
    picture = service().page(doc_id, _principal(), number, view, colour_table())
    return Response(picture, mimetype="image/png", headers={"Cache-Control": "no-store"})


@bp.get("/api/v1/models")
@require("models")
def models() -> Any:
    model = service().pipeline.model
    manifest = model.manifest
    return jsonify(
        {
            "active": {
                "version": model.version,
                "name": manifest["name"],
                "created": manifest.get("created"),
                "labels": manifest["labels"],
                "max_length": model.max_length,
                "metrics": manifest.get("metrics", {}),
            }
        }
    )


@bp.get("/api/v1/policies")
@require("policies")
def policies() -> Any:
    policy = service().pipeline.policy
    return jsonify(
        {
            "active": {
                "version": policy.version,
                "file": Path(str(policy.path)).name,
                "rules": len(policy.rules),
                "description": describe(policy),
            }
        }
    )


@bp.get("/api/v1/openapi.json")
def openapi() -> Any:
    return jsonify(spec())


@bp.get("/healthz")
def healthz() -> Any:
    pipeline = service().pipeline
    return jsonify(
        {"status": "ok", "model": pipeline.model.version, "policy": pipeline.policy.version}
    )


@bp.get("/readyz")
def readyz() -> Any:
    svc = service()
    checks = {
        "database": _check(lambda: svc.store.version() > 0),
        "audit": _check(lambda: os.access(svc.settings.audit_dir, os.W_OK)),
        "model": _check(lambda: bool(svc.pipeline.model.version)),
    }
    ready = all(checks.values())
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), (
        200 if ready else 503
    )


def _check(probe: Any) -> bool:
    try:
        return bool(probe())
    except Exception:
        return False


@bp.get("/metrics")
@require("metrics")
def metrics() -> Any:
    from classifier.service.metrics import CONTENT_TYPE

    return Response(service().metrics.render(), headers={"Content-Type": CONTENT_TYPE})


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> tuple[Any, int]:
    """Refused before it is read: nothing to quarantine, but the refusal is audited."""
    service().audit.record(
        "document.refused",
        source="api",
        outcome="refused",
        reason="document too large",
        declared_size=request.content_length,
        remote_addr=request.remote_addr,
    )
    return error(413, "document too large", "the upload is over the size limit")


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[Any, int]:
    if wants_page():
        return error_page(exc.code or 500, exc.name, exc.description or exc.name)
    if isinstance(exc, EdgeBadRequest):
        return error(400, "bad request", exc.description or exc.name)
    return error(exc.code or 500, "http error", exc.name)
