"""REST API v1, the audit trail for auditors: search and filter, verification status with
the last checkpoint, export as CSV or JSON lines (the export is itself audited)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, request

from classifier.audit.log import key_dir_for
from classifier.errors import RequestError
from classifier.service import audit_view
from web import api
from web.auth import require
from web.state import service

bp = Blueprint("audit", __name__)
EXPORT_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson"}


def _directory() -> Path:
    return Path(service().settings.audit_dir)


@bp.get("/api/v1/audit")
@require("audit")
def records() -> Any:
    """Records newest first; `event` (or a prefix ending in "."), `actor`, `document` (an id
    prefix), `since`, `until` (YYYY-MM-DD), `page`, `per_page`."""
    query = audit_view.AuditQuery.from_args(request.args)
    found, total = audit_view.search(_directory(), query)
    return jsonify(
        {"records": found, "total": total, "page": query.page, "per_page": query.per_page}
    )


@bp.get("/api/v1/audit/status")
@require("audit")
def status() -> Any:
    settings = service().settings
    return jsonify(
        audit_view.status(_directory(), key_dir_for(settings), settings.audit_checkpoint_every)
    )


@bp.get("/api/v1/operations")
@require("operations")
def operations() -> Any:
    """Admins: throughput, queue depth, error rate, review backlog; held share by week."""
    return jsonify(service().operations())


@bp.get("/api/v1/audit/export")
@require("audit")
def export() -> Any:
    """The records the filter selects (the same parameters as /api/v1/audit, no paging)."""
    args = {k: v for k, v in request.args.items() if k not in ("format", "page", "per_page")}
    fmt = request.args.get("format", "csv")
    if fmt not in EXPORT_TYPES:
        raise RequestError(f"format must be one of {', '.join(EXPORT_TYPES)}")
    out = io.StringIO()
    count = audit_view.export(_directory(), audit_view.AuditQuery.from_args(args), fmt, out)
    service().audit.record(
        "audit.exported", actor=api._principal().id, format=fmt, records=count, outcome="success"
    )
    response = Response(out.getvalue(), mimetype=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="audit.{fmt}"'
    return response
