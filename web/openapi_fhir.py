"""The OpenAPI description of the FHIR endpoints (web/fhir.py), merged into the API's by
web/openapi.py. Bodies are FHIR resources (application/fhir+json); errors OperationOutcomes."""

from __future__ import annotations

from typing import Any

from web.openapi import _op

FHIR_JSON = "application/fhir+json"
RESOURCE = {"$ref": "#/components/schemas/FhirResource"}
SCHEMAS = {
    "FhirResource": {
        "type": "object",
        "required": ["resourceType"],
        "properties": {"resourceType": {"type": "string"}},
        "description": "A FHIR R4 resource (validated with fhir.resources); see docs/fhir.md",
    }
}
SUBMIT, READ = "submitter, reviewer, admin", "submitter, reviewer, auditor, admin"


def _fhir(description: str, media: str = FHIR_JSON) -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": RESOURCE}}}


def _path(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


ERRORS = {
    "401": _fhir("OperationOutcome: no or unknown credentials"),
    "403": _fhir("OperationOutcome: the role may not do this"),
}
INVALID = {"422": _fhir("OperationOutcome: malformed or invalid resource (names the element)")}
NOT_FOUND = {"404": _fhir("OperationOutcome: no such document, or not one the caller may see")}
BODY = {"required": True, "content": {FHIR_JSON: {"schema": RESOURCE}}}


def _submit(summary: str, ok: dict[str, Any]) -> dict[str, Any]:
    responses = {
        **ok,
        "202": _fhir("OperationOutcome: held for review"),
        "409": _fhir("OperationOutcome: blocked by the policy"),
        "413": _fhir("OperationOutcome: too large"),
        **INVALID,
        **ERRORS,
    }
    return _op(summary, responses, SUBMIT, requestBody=BODY)


def _read(summary: str, ok: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return _op(summary, {**ok, **NOT_FOUND, **ERRORS}, READ, **extra)


def fhir_paths() -> dict[str, Any]:
    search = [
        {"name": n, "in": "query", "schema": {"type": "string"}}
        for n in ("_id", "type", "category", "security-label", "_count")
    ]
    return {
        "/fhir/metadata": {
            "get": _op(
                "FHIR CapabilityStatement", {"200": _fhir("CapabilityStatement")}, public=True
            )
        },
        "/fhir/DocumentReference": {
            "post": _submit(
                "Redact one document (attachment.data, or a contained Binary); a Patient "
                "contained is scrubbed for this request only",
                {"201": _fhir("the redacted DocumentReference (its Binary at /fhir/Binary/id)")},
            ),
            "get": _read(
                "Search the processed documents the caller may read",
                {"200": _fhir("Bundle searchset"), **INVALID},
                parameters=search,
            ),
        },
        "/fhir": {
            "post": _submit(
                "IHE MHD ITI-65 Provide Document Bundle (transaction)",
                {"200": _fhir("Bundle transaction-response: DocumentReference + Binary each")},
            )
        },
        "/fhir/DocumentReference/{doc_id}": {
            "get": _read(
                "A redacted DocumentReference",
                {"200": _fhir("DocumentReference")},
                parameters=[_path("doc_id")],
            )
        },
        "/fhir/Binary/{doc_id}": {
            "get": _read(
                "The redacted document as a Binary (audited)",
                {"200": _fhir("Binary")},
                parameters=[_path("doc_id")],
            )
        },
        "/fhir/$de-identify": {
            "post": _op(
                "Asynchronous de-identification: NDJSON of DocumentReference or JSON strings",
                {"202": _fhir("OperationOutcome; Content-Location: the job"), **INVALID, **ERRORS},
                SUBMIT,
                requestBody={
                    "required": True,
                    "content": {"application/fhir+ndjson": {}, "text/plain": {}},
                },
            )
        },
        "/fhir/_jobs/{job_id}": {
            "get": _read(
                "A $de-identify job: 202 while running (X-Progress), 200 with its output links",
                {"200": {"description": "the output manifest"}, "202": {"description": "running"}},
                parameters=[_path("job_id")],
            )
        },
        "/fhir/_jobs/{job_id}/{kind}.ndjson": {
            "get": _read(
                "A finished job's output: DocumentReference or OperationOutcome NDJSON",
                {"200": _fhir("NDJSON", "application/fhir+ndjson"), "409": _fhir("still running")},
                parameters=[_path("job_id"), _path("kind")],
            )
        },
    }
