"""The pages beside upload and review: the documents list, a document's page with its
history, the auditor's view of the audit trail, and the entity colours stylesheet. Rendered on
the server (forms with GET), so they work without scripts; the same service calls as the API."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from classifier.audit.log import key_dir_for
from classifier.security.access import Principal
from classifier.service import audit_view
from classifier.service.documents import release_refusal
from classifier.service.listing import PAGE_SIZES, DocumentQuery
from web.auth import current_principal
from web.colours import stylesheet
from web.state import service

bp = Blueprint("pages", __name__)


def _principal_or_login(permission: str) -> Principal | Any:
    """The logged-in principal holding `permission`; else a redirect to log in (or a 403)."""
    principal = current_principal()
    if principal is None:
        return redirect(url_for("ui.login", next=request.full_path.rstrip("?")))
    if not principal.can(permission):
        abort(403)
    return principal


@bp.get("/entities.css")
def entities_css() -> Response:
    response = Response(stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/documents")
def documents() -> Any:
    principal = _principal_or_login("documents.read_own")
    if not isinstance(principal, Principal):
        return principal
    query = DocumentQuery.from_args(request.args)
    rows, total = service().search(principal, query)
    store = service().store
    choices = {c: store.distinct(c) for c in ("label", "action", "status", "source")}
    if principal.can("documents.read_all"):
        choices["submitter"] = store.distinct("owner")
    pages = max(1, -(-total // query.per_page))
    return render_template(
        "documents.html",
        principal=principal,
        rows=rows,
        total=total,
        query=query,
        pages=pages,
        choices=choices,
        page_sizes=PAGE_SIZES,
        args=query.as_args(),
    )


@bp.get("/documents/<doc_id>")
def document(doc_id: str) -> Any:
    principal = _principal_or_login("documents.read_own")
    if not isinstance(principal, Principal):
        return principal
    svc = service()
    row = svc.visible(doc_id, principal)
    return render_template(
        "document.html",
        principal=principal,
        row=row,
        events=svc.history(doc_id, principal),
        readable=release_refusal(row) is None,
    )


@bp.get("/audit")
def audit() -> Any:
    principal = _principal_or_login("audit")
    if not isinstance(principal, Principal):
        return principal
    settings = service().settings
    directory = Path(settings.audit_dir)
    query = audit_view.AuditQuery.from_args(request.args)
    found, total = audit_view.search(directory, query)
    status = audit_view.status(directory, key_dir_for(settings), settings.audit_checkpoint_every)
    args = {k: v for k, v in request.args.items() if k not in ("page", "per_page") and v}
    return render_template(
        "audit.html",
        principal=principal,
        records=found,
        total=total,
        query=query,
        pages=max(1, -(-total // query.per_page)),
        status=status,
        args=args,
    )


@bp.get("/operations")
def operations() -> Any:
    principal = _principal_or_login("operations")
    if not isinstance(principal, Principal):
        return principal
    return render_template("operations.html", principal=principal, ops=service().operations())


def when(epoch: float | None) -> str:
    if epoch is None:
        return ""
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@bp.app_template_filter("when")
def _when_filter(epoch: float | None) -> str:
    return when(epoch)
