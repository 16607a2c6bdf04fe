"""The one place where core errors become HTTP statuses."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

from classifier import errors
from classifier.security.access import AccessError
from classifier.security.vault import VaultError
from classifier.service.documents import Conflict, NotFound
from classifier.service.review import ReviewError

STATUS_BY_REASON = {
    errors.DocumentTooLarge.reason: 413,
    errors.NestingTooDeep.reason: 413,
    errors.TimeBudgetExceeded.reason: 422,
    errors.UnsupportedFormat.reason: 415,
    errors.EncryptedDocument.reason: 422,
    errors.CorruptDocument.reason: 422,
    errors.EmptyDocument.reason: 422,
}

STATUS_BY_ERROR: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFound, 404, "not found"),
    (Conflict, 409, "conflict"),
    (ReviewError, 400, "bad request"),
    (AccessError, 400, "bad request"),
    (VaultError, 500, "stored value unreadable"),
)


def status_for_reason(reason: str) -> int:
    return STATUS_BY_REASON.get(reason, 422)


def register(app: Flask) -> None:
    for error_type, status, reason in STATUS_BY_ERROR:

        def handler(exc: Exception, status: int = status, reason: str = reason) -> Any:
            detail = "no such document" if isinstance(exc, NotFound) else str(exc)
            return jsonify({"error": {"reason": reason, "detail": detail}}), status

        app.register_error_handler(error_type, handler)
