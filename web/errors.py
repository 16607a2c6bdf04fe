"""The one place where core errors become HTTP responses: by each error's `http_status`."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

from classifier.errors import ClassifierError, DocumentError


def _document_errors(base: type[DocumentError] = DocumentError) -> list[type[DocumentError]]:
    found = [base]
    for sub in base.__subclasses__():
        found.extend(_document_errors(sub))
    return found


def status_for_reason(reason: str) -> int:
    """The status of a quarantine record's reason: that of the DocumentError that gives it."""
    statuses = {error.reason: error.http_status for error in _document_errors()}
    return statuses.get(reason, DocumentError.http_status)


def _handle(exc: ClassifierError) -> Any:
    body = {"error": {"reason": exc.title, "detail": exc.public_detail()}}
    return jsonify(body), exc.http_status


def register(app: Flask) -> None:
    app.register_error_handler(ClassifierError, _handle)
