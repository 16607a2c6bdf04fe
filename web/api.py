"""REST API v1: POST /api/v1/documents (multipart `file`, or JSON {"text": ...}); /healthz."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from classifier.document import Result
from classifier.pipeline import Pipeline
from web.errors import status_for_reason

bp = Blueprint("api", __name__)


def _pipeline() -> Pipeline:
    pipeline: Pipeline = current_app.extensions["pipeline"]
    return pipeline


def _error(status: int, reason: str, detail: str) -> tuple[Any, int]:
    return jsonify({"error": {"reason": reason, "detail": detail}}), status


@bp.post("/api/v1/documents")
def submit_document() -> tuple[Any, int]:
    pipeline = _pipeline()
    actor = request.headers.get("X-Actor", "anonymous")[:100]
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            return _error(400, "bad request", "multipart upload needs a 'file' field")
        outcome = pipeline.process_bytes(
            upload.read(), upload.filename or "upload", source="api", actor=actor
        )
    elif request.is_json:
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            return _error(400, "bad request", 'JSON body must be {"text": "..."}')
        outcome = pipeline.process_text(body["text"], source="api")
    else:
        return _error(
            415,
            "unsupported media type",
            "send multipart/form-data with a 'file' field, or application/json",
        )
    if isinstance(outcome, Result):
        return jsonify(outcome.as_dict()), 200
    return jsonify(outcome.as_dict()), status_for_reason(outcome.reason)


@bp.get("/healthz")
def healthz() -> tuple[Any, int]:
    pipeline = _pipeline()
    return jsonify(
        {"status": "ok", "model": pipeline.model.version, "policy": pipeline.policy.version}
    ), 200


@bp.app_errorhandler(RequestEntityTooLarge)
def too_large(exc: RequestEntityTooLarge) -> tuple[Any, int]:
    return _error(413, "document too large", "the upload is over the size limit")


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> tuple[Any, int]:
    return _error(exc.code or 500, "http error", exc.name)
