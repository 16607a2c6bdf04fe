"""The one place where core errors become HTTP responses: by each error's `http_status`."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request

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


def wants_page() -> bool:
    """A browser asking for a page (not the API): answer errors with an HTML page."""
    if request.path.startswith("/api/") or request.path in ("/metrics", "/healthz", "/readyz"):
        return False
    return request.accept_mimetypes.accept_html


def error_page(status: int, title: str, detail: str) -> tuple[Any, int]:
    from web.auth import current_principal

    page = render_template(
        "error.html", code=status, title=title, detail=detail, principal=current_principal()
    )
    return page, status


def _handle(exc: ClassifierError) -> Any:
    if wants_page():
        page, status = error_page(exc.http_status, exc.title.capitalize(), exc.public_detail())
    else:
        body = {"error": {"reason": exc.title, "detail": exc.public_detail()}}
        page, status = jsonify(body), exc.http_status
    headers = {} if exc.retry_after_s is None else {"Retry-After": str(exc.retry_after_s)}
    return page, status, headers


def register(app: Flask) -> None:
    app.register_error_handler(ClassifierError, _handle)
