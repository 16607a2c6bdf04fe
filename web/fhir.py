"""FHIR R4 endpoints under /fhir/ (JSON): a thin adapter over classifier/service/fhir.py and
classifier/fhir/ (resource mapping and validation). Access as in the REST API (web.auth:
same tokens and roles); every error, ours or the auth layer's, answers an OperationOutcome.

    GET  /fhir/metadata                         CapabilityStatement (public)
    POST /fhir/DocumentReference                one document, inline or in a contained Binary
    POST /fhir                                  ITI-65 transaction Bundle
    GET  /fhir/DocumentReference?type=&...      search the processed documents one may read
    GET  /fhir/DocumentReference/<id>, /fhir/Binary/<id>
    POST /fhir/$de-identify                     NDJSON in: 202 + Content-Location
    GET  /fhir/_jobs/<id>                       202 while running, 200 with the output links
    GET  /fhir/_jobs/<id>/<type>.ndjson         the output
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, Response, current_app, make_response, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from classifier.errors import ClassifierError, InvalidResource
from classifier.fhir import submission as submissions
from classifier.fhir.capability import capability_statement
from classifier.fhir.model import FHIR_JSON, outcome, parse_json
from classifier.fhir.results import instant, searchset
from classifier.service.fhir import FhirService, Job, Outcome
from web.api import too_large
from web.auth import current_principal, require
from web.auth import required_principal as _principal
from web.errors import status_for_reason
from web.requests import int_arg

log = logging.getLogger(__name__)
bp = Blueprint("fhir", __name__, url_prefix="/fhir")
NDJSON = "application/fhir+ndjson"
SEARCH_PARAMS = ("_id", "type", "category", "security-label")
MAX_BATCH = 1000
ISSUE_CODES = {
    202: "informational",
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
}


def fhir_service() -> FhirService:
    svc: FhirService = current_app.extensions["fhir"]
    return svc


def fhir_json(body: Any, status: int = 200, **headers: str) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status, headers, mimetype=FHIR_JSON)


def problem(status: int, diagnostics: str, severity: str = "error") -> Response:
    code = ISSUE_CODES.get(status, "exception")
    return fhir_json(outcome(diagnostics, code, severity), status)


def _body() -> Any:
    media = request.mimetype
    if media not in (FHIR_JSON, "application/json"):
        raise InvalidResource(f"send {FHIR_JSON} (got {media or 'no Content-Type'})")
    return parse_json(request.get_data())


# capability -------------------------------------------------------------------------------
@bp.get("/metadata")
def metadata() -> Response:
    return fhir_json(capability_statement(fhir_service().documents.pipeline.model.version))


# submission -------------------------------------------------------------------------------
@bp.post("/DocumentReference")
@require("documents.submit")
def create_document_reference() -> Response:
    submitted = submissions.from_document_reference(_body())
    done = fhir_service().process(submitted, _principal())
    if done.resources is None:
        return _not_released(done)
    reference = done.resources[0]
    location = url_for("fhir.read_document_reference", doc_id=reference["id"])
    return fhir_json(reference, 201, Location=location)


def _not_released(done: Outcome) -> Response:
    status, message = _outcome_of(done)
    response = problem(status, message, "information" if status == 202 else "error")
    response.headers["Content-Location"] = url_for("api.get_document", doc_id=done.row.id)
    return response


def _outcome_of(done: Outcome) -> tuple[int, str]:
    doc_id, record = done.row.id, done.record
    if record["status"] == "quarantined":
        error = record["error"]
        return status_for_reason(error["reason"]), (
            f"document {doc_id} quarantined: {error['reason']} ({error['detail']})"
        )
    if record["action"] == "review":
        return 202, f"document {doc_id} is held for review; read it once released"
    return 409, f"document {doc_id} is blocked by the policy"


@bp.post("")
@require("documents.submit")
def transaction() -> Response:
    """An ITI-65 Provide Document Bundle: each document processed in turn; a
    transaction-response Bundle with the redacted DocumentReference and Binary of each, or
    an OperationOutcome for one not released."""
    svc, principal = fhir_service(), _principal()
    entries = []
    for submitted in submissions.from_bundle(_body()):
        entries += _entries(svc.process(submitted, principal))
    return fhir_json({"resourceType": "Bundle", "type": "transaction-response", "entry": entries})


def _entries(done: Outcome) -> list[dict[str, Any]]:
    if done.resources is None:
        status, message = _outcome_of(done)
        severity = "information" if status == 202 else "error"
        code = ISSUE_CODES.get(status, "processing")
        response = {"status": str(status), "outcome": outcome(message, code, severity)}
        return [{"response": response}]
    return [
        {
            "fullUrl": f"{r['resourceType']}/{r['id']}",
            "resource": r,
            "response": {"status": "201 Created", "location": f"{r['resourceType']}/{r['id']}"},
        }
        for r in done.resources
    ]


# reads ------------------------------------------------------------------------------------
@bp.get("/DocumentReference")
@require("documents.read_own")
def search_document_references() -> Response:
    unknown = sorted(set(request.args) - {*SEARCH_PARAMS, "_count", "_format"})
    if unknown:
        raise InvalidResource(
            f"unknown search parameter(s) {', '.join(unknown)}; known: "
            f"{', '.join(SEARCH_PARAMS)}, _count"
        )
    params = {k: request.args[k] for k in SEARCH_PARAMS if request.args.get(k)}
    found = fhir_service().search(_principal(), params, int_arg("_count", 100, 1, 500))
    return fhir_json(searchset(found, request.full_path.rstrip("?")))


@bp.get("/DocumentReference/<doc_id>")
@require("documents.read_own")
def read_document_reference(doc_id: str) -> Response:
    return fhir_json(fhir_service().document_reference(doc_id, _principal()))


@bp.get("/Binary/<doc_id>")
@require("documents.read_own")
def read_binary(doc_id: str) -> Response:
    return fhir_json(fhir_service().binary(doc_id, _principal()))


# $de-identify -----------------------------------------------------------------------------
@bp.post("/$de-identify")
@require("documents.submit")
def de_identify() -> Response:
    """DaRTS style: NDJSON (one DocumentReference or one JSON string of plain text per
    line), or one text/plain document; answered 202 with the job's Content-Location."""
    batch = _batch()
    job = fhir_service().start_job(batch, _principal())
    location = url_for("fhir.job_status", job_id=job.id)
    accepted = f"{len(batch)} document(s) accepted; poll Content-Location"
    body = outcome(accepted, "informational", "information")
    return fhir_json(body, 202, **{"Content-Location": location})


def _batch() -> list[submissions.Submission]:
    if request.mimetype == "text/plain":
        return [submissions.from_text(request.get_data().decode("utf-8", "replace"))]
    if request.mimetype not in (NDJSON, "application/x-ndjson", "application/ndjson"):
        raise InvalidResource(f"send {NDJSON} (or text/plain for one document)")
    lines = [x for x in request.get_data().splitlines() if x.strip()]
    if not lines or len(lines) > MAX_BATCH:
        raise InvalidResource(f"send 1 to {MAX_BATCH} lines, one document each")
    return [_line(line, n) for n, line in enumerate(lines, 1)]


def _line(line: bytes, n: int) -> submissions.Submission:
    try:
        data = parse_json(line)
        if isinstance(data, str):
            return submissions.from_text(data, f"line-{n}.txt")
        return submissions.from_document_reference(data)
    except InvalidResource as exc:
        raise InvalidResource(f"line {n}: {exc}") from None


@bp.get("/_jobs/<job_id>")
@require("documents.read_own")
def job_status(job_id: str) -> Response:
    svc = fhir_service()
    job = svc.job(job_id, _principal())
    rows = svc.job_rows(job)
    waiting = sum(r.status == "queued" for r in rows)
    if waiting:
        progress = f"{len(rows) - waiting} of {len(rows)} documents done"
        return Response(status=202, headers={"X-Progress": progress, "Retry-After": "1"})
    return fhir_json(_manifest(job))


def _manifest(job: Job) -> dict[str, Any]:
    def link(kind: str) -> dict[str, Any]:
        url = url_for("fhir.job_output", job_id=job.id, kind=kind, _external=True)
        return {"type": kind, "url": url}

    return {
        "transactionTime": instant(job.created),
        "request": url_for("fhir.de_identify", _external=True),
        "requiresAccessToken": True,
        "output": [link("DocumentReference")],
        "error": [link("OperationOutcome")],
    }


@bp.get("/_jobs/<job_id>/<kind>.ndjson")
@require("documents.read_own")
def job_output(job_id: str, kind: str) -> Response:
    svc, principal = fhir_service(), _principal()
    done, problems = svc.job_output(svc.job(job_id, principal), principal)
    if kind == "DocumentReference":
        lines = done
    elif kind == "OperationOutcome":
        lines = [outcome(f"document {i}: {why}", "processing") for i, why in problems]
    else:
        return problem(404, "no such output; DocumentReference or OperationOutcome")
    body = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    return Response(body, 200, mimetype=NDJSON)


# errors: an OperationOutcome, never a traceback -------------------------------------------
@bp.errorhandler(ClassifierError)
def classifier_error(exc: ClassifierError) -> Response:
    if isinstance(exc, InvalidResource) and request.method == "POST":
        _audit_refused()
    return problem(exc.http_status, exc.public_detail())


def _audit_refused() -> None:
    """A submission refused before it became a document is audited (who, from where; not
    the message, which names elements of the caller's JSON)."""
    principal = current_principal()
    fhir_service().documents.audit.record(
        "document.refused",
        source="fhir",
        outcome="refused",
        reason="invalid resource",
        actor=principal.id if principal else None,
        remote_addr=request.remote_addr,
    )


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException) -> Response:
    if isinstance(exc, RequestEntityTooLarge):  # refused unread, audited as the API does
        return make_response(too_large(exc))  # made an OperationOutcome below
    return problem(exc.code or 500, exc.description or exc.name)


@bp.errorhandler(Exception)
def unexpected(exc: Exception) -> Response:
    log.error("fhir %s %s: %s", request.method, request.path, type(exc).__name__)
    return problem(500, "internal error")


@bp.after_request
def as_operation_outcome(response: Response) -> Response:
    """The auth layer's and the app's JSON errors (401, 403, 413) as OperationOutcomes."""
    if response.status_code >= 400 and response.mimetype == "application/json":
        body = response.get_json(silent=True) or {}
        detail = (body.get("error") or {}).get("detail", "") if isinstance(body, dict) else ""
        replaced = problem(response.status_code, str(detail) or response.status)
        response.set_data(replaced.get_data())
        response.mimetype = FHIR_JSON
    return response
