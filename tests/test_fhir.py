# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""FHIR R4 endpoints against the app with the real model, detector and database: round trips
for a DocumentReference inline, in a Binary, and in an ITI-65 Bundle; the labels, search,
reads, the CapabilityStatement; an invalid resource per common mistake."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from flask import Flask

from classifier.audit.log import read_records
from classifier.pipeline import Pipeline
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.fhir_documents import (
    FHIR_JSON,
    b64,
    document_reference,
    provide_bundle,
    unb64,
    with_binary,
)
from tests.web_fixtures import (  # noqa: F401
    app,
    bearer,
    service_of,
    tokens,
    tokens_for,
    web_settings,
)
from web import create_app


def _valid(resource: dict[str, Any]) -> None:
    """Validates as the FHIR resource it says it is (raises otherwise)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def _post(app: Flask, token: str, path: str, body: Any) -> Any:
    return app.test_client().post(path, json=body, headers={**bearer(token), **FHIR_JSON})


def _check_redacted(reference: dict[str, Any], original: dict[str, Any]) -> str:
    _valid(reference)
    assert reference["relatesTo"] == [{"code": "transforms", "target": original}]
    assert reference["type"]["text"] == "operative_report"
    assert {
        "system": "http://loinc.org",
        "code": "11504-8",
        "display": "Surgical operation note",
    } in (reference["type"]["coding"])
    assert reference["category"][0]["coding"][0]["code"] == "clinical"
    codes = {c["code"] for c in reference["meta"]["security"]}
    assert codes == {"R", "REDACTED"}  # default policy: clinical -> restricted -> R
    assert [c["coding"][0]["code"] for c in reference["securityLabel"]] == ["R", "REDACTED"]
    assert reference["identifier"][0]["value"] == reference["id"]
    text = unb64(reference["content"][0]["attachment"]["data"])
    assert all(v not in text for v in PLANTED)
    assert "appendectomy" in text
    return text


def _audited(app: Flask, doc_id: str) -> dict[str, Any]:
    records = read_records(Path(service_of(app).settings.audit_dir))
    (processed,) = [
        r for r in records if r["event"] == "document.processed" and r["document_id"] == doc_id
    ]
    return processed


def test_inline_round_trip(app: Flask, tokens: dict[str, str]) -> None:
    response = _post(
        app, tokens["submitter"], "/fhir/DocumentReference", document_reference(CLINICAL_NOTE)
    )
    assert response.status_code == 201, response.get_data()
    assert response.mimetype == "application/fhir+json"
    reference = response.json
    _check_redacted(reference, {"reference": "DocumentReference/orig-1"})
    assert reference["subject"] == {"reference": "Patient/p-1"}
    assert response.headers["Location"] == f"/fhir/DocumentReference/{reference['id']}"
    assert _audited(app, reference["id"])["source"] == "fhir"
    client = app.test_client()
    headers = bearer(tokens["submitter"])
    binary = client.get(f"/fhir/Binary/{reference['id']}", headers=headers).json
    _valid(binary)
    assert binary["data"] == reference["content"][0]["attachment"]["data"]
    read = client.get(f"/fhir/DocumentReference/{reference['id']}", headers=headers).json
    _valid(read)
    assert read["id"] == reference["id"] and read["meta"] == reference["meta"]


def test_binary_round_trip(app: Flask, tokens: dict[str, str]) -> None:
    response = _post(
        app, tokens["submitter"], "/fhir/DocumentReference", with_binary(CLINICAL_NOTE)
    )
    assert response.status_code == 201, response.get_data()
    _check_redacted(response.json, {"reference": "DocumentReference/orig-1"})


def test_iti65_bundle_round_trip(app: Flask, tokens: dict[str, str]) -> None:
    response = _post(app, tokens["submitter"], "/fhir", provide_bundle(CLINICAL_NOTE))
    assert response.status_code == 200, response.get_data()
    bundle = response.json
    _valid(bundle)
    assert bundle["type"] == "transaction-response"
    reference, binary = (e["resource"] for e in bundle["entry"])
    assert [e["response"]["status"] for e in bundle["entry"]] == ["201 Created"] * 2
    text = _check_redacted(reference, {"reference": "urn:uuid:doc-1"})
    assert "subject" not in reference  # a Bundle-local Patient reference is not echoed
    assert binary["resourceType"] == "Binary" and unb64(binary["data"]) == text
    assert binary["securityContext"] == {"reference": f"DocumentReference/{reference['id']}"}


def test_search_finds_what_the_caller_may_read(app: Flask, tokens: dict[str, str]) -> None:
    created = _post(
        app, tokens["submitter"], "/fhir/DocumentReference", document_reference(CLINICAL_NOTE)
    ).json
    client = app.test_client()

    def search(token: str, query: str) -> list[str]:
        bundle = client.get(f"/fhir/DocumentReference?{query}", headers=bearer(token)).json
        _valid(bundle)
        assert bundle["type"] == "searchset"
        return [e["resource"]["id"] for e in bundle.get("entry", [])]

    assert search(tokens["submitter"], "type=operative_report") == [created["id"]]
    assert search(tokens["submitter"], "type=http://loinc.org|11504-8") == [created["id"]]
    assert search(tokens["submitter"], "category=clinical&security-label=R") == [created["id"]]
    assert search(tokens["submitter"], "type=receipt") == []
    assert search(tokens["auditor"], f"_id={created['id']}") == [created["id"]]
    other = (
        app.test_client()
        .post("/api/v1/tokens", json={"role": "submitter"}, headers=bearer(tokens["admin"]))
        .json["token"]
    )
    assert search(other, "") == []  # another submitter's documents are not theirs to read
    unknown = client.get("/fhir/DocumentReference?name=x", headers=bearer(tokens["submitter"]))
    assert unknown.status_code == 422
    assert "unknown search parameter" in unknown.json["issue"][0]["diagnostics"]


def test_capability_statement(app: Flask) -> None:
    response = app.test_client().get("/fhir/metadata")
    assert response.status_code == 200
    statement = response.json
    _valid(statement)
    assert statement["fhirVersion"] == "4.0.1"
    types = {r["type"] for r in statement["rest"][0]["resource"]}
    assert types == {"DocumentReference", "Binary"}


def _broken(change: Any) -> dict[str, Any]:
    resource = document_reference(CLINICAL_NOTE)
    change(resource)
    return resource


# common mistakes -> (status, words the OperationOutcome says)
MISTAKES: dict[str, tuple[Any, int, str]] = {
    "not JSON": (b"{not json", 422, "not JSON"),
    "not a resource": ([1, 2], 422, "JSON object"),
    "no resourceType": ({"status": "current"}, 422, "no resourceType"),
    "wrong resourceType": ({"resourceType": "Patient"}, 422, "send DocumentReference"),
    "missing status": (_broken(lambda r: r.pop("status")), 422, "status: required element"),
    "bad status": (_broken(lambda r: r.update(status="final")), 422, "status must be current"),
    "content not a list": (
        _broken(lambda r: r.update(content=r["content"][0])),
        422,
        "content: Input should be a valid list",
    ),
    "no content": (_broken(lambda r: r.update(content=[])), 422, "content"),
    "bad base64": (
        _broken(lambda r: r["content"][0]["attachment"].update(data="%%%")),
        422,
        "attachment.data",
    ),
    "misspelt element": (_broken(lambda r: r.update(contnet=[])), 422, "contnet: unknown element"),
    "bad date": (_broken(lambda r: r.update(date="yesterday")), 422, "date:"),
    # odd values the model library itself trips over: still a 422, never a 500
    "contained without a type": (
        _broken(lambda r: r.update(contained=[{"resourceType": None}])),
        422,
        "in the resource",
    ),
    "url not a string": (
        _broken(lambda r: r["content"][0]["attachment"].update(url={})),
        422,
        "in the resource",
    ),
    "external url": (
        _broken(lambda r: r["content"][0].update(attachment={"url": "https://ehr.example/b/1"})),
        422,
        "fetches nothing",
    ),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_invalid_resource_gets_operation_outcome(
    app: Flask, tokens: dict[str, str], mistake: str
) -> None:
    body, status, words = MISTAKES[mistake]
    client = app.test_client()
    headers = {**bearer(tokens["submitter"]), **FHIR_JSON}
    if isinstance(body, bytes):
        response = client.post("/fhir/DocumentReference", data=body, headers=headers)
    else:
        response = client.post("/fhir/DocumentReference", json=copy.deepcopy(body), headers=headers)
    assert response.status_code == status, response.get_data()
    outcome = response.json
    _valid(outcome)
    assert outcome["resourceType"] == "OperationOutcome"
    assert words in outcome["issue"][0]["diagnostics"]
    assert "Traceback" not in response.get_data(as_text=True)
    assert "Margaret" not in response.get_data(as_text=True)
    records = read_records(Path(service_of(app).settings.audit_dir))
    (refused,) = [r for r in records if r["event"] == "document.refused"]
    assert refused["reason"] == "invalid resource" and refused["source"] == "fhir"
    assert "Margaret" not in json.dumps(records)


def test_invalid_bundle_entry_names_the_entry(app: Flask, tokens: dict[str, str]) -> None:
    bundle = provide_bundle(CLINICAL_NOTE)
    bundle["entry"][1]["resource"]["status"] = None
    bundle["entry"][1]["resource"].pop("status")
    response = _post(app, tokens["submitter"], "/fhir", bundle)
    assert response.status_code == 422
    assert "entry[1]" in response.json["issue"][0]["diagnostics"]
    bundle = provide_bundle(CLINICAL_NOTE)
    bundle["type"] = "collection"
    response = _post(app, tokens["submitter"], "/fhir", bundle)
    assert response.status_code == 422 and "transaction" in response.json["issue"][0]["diagnostics"]


def test_wrong_media_type_and_auth_errors_are_operation_outcomes(
    app: Flask, tokens: dict[str, str]
) -> None:
    client = app.test_client()
    text = client.post(
        "/fhir/DocumentReference",
        data="hello",
        headers={**bearer(tokens["submitter"]), "Content-Type": "text/plain"},
    )
    assert (
        text.status_code == 422 and "application/fhir+json" in text.json["issue"][0]["diagnostics"]
    )
    anonymous = client.post(
        "/fhir/DocumentReference", json=document_reference("x"), headers=FHIR_JSON
    )
    assert anonymous.status_code == 401
    assert anonymous.json["resourceType"] == "OperationOutcome"
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    auditor = _post(app, tokens["auditor"], "/fhir/DocumentReference", document_reference("x"))
    assert auditor.status_code == 403 and auditor.json["issue"][0]["code"] == "forbidden"
    missing = client.get("/fhir/DocumentReference/nope", headers=bearer(tokens["auditor"]))
    assert missing.status_code == 404 and missing.json["issue"][0]["code"] == "not-found"


def test_quarantined_document_is_an_operation_outcome(app: Flask, tokens: dict[str, str]) -> None:
    empty = document_reference("")
    empty["content"][0]["attachment"]["data"] = b64(b"%PDF-1.4 truncated")
    empty["content"][0]["attachment"]["contentType"] = "application/pdf"
    response = _post(app, tokens["submitter"], "/fhir/DocumentReference", empty)
    assert response.status_code == 422
    assert "quarantined" in response.json["issue"][0]["diagnostics"]


def test_too_large_is_refused_unread_and_audited(pipeline: Pipeline, web_settings: dict) -> None:  # type: ignore[type-arg]
    small = create_app({**web_settings, "max_document_bytes": 1000}, pipeline=pipeline)
    big = document_reference(CLINICAL_NOTE * 100)
    response = _post(small, tokens_for(small)["submitter"], "/fhir/DocumentReference", big)
    service_of(small).close()
    assert response.status_code == 413
    assert response.json["resourceType"] == "OperationOutcome"
    assert response.json["issue"][0]["code"] == "too-costly"
    records = read_records(Path(service_of(small).settings.audit_dir))
    assert [r["reason"] for r in records if r["event"] == "document.refused"] == [
        "document too large"
    ]


def test_a_pdf_comes_back_as_a_redacted_pdf_too(app: Flask, tokens: dict[str, str]) -> None:
    import base64

    from classifier.formats import pdf
    from classifier.stages import ingest
    from tests.documents import pdf_bytes

    content = pdf_bytes(CLINICAL_NOTE.splitlines()[:12])
    body = document_reference("")
    body["content"] = [
        {
            "attachment": {
                "contentType": "application/pdf",
                "data": base64.b64encode(content).decode(),
            }
        }
    ]
    response = _post(app, tokens["submitter"], "/fhir/DocumentReference", body)
    assert response.status_code == 201, response.get_data()
    reference = response.json
    _valid(reference)
    text, own = [c["attachment"] for c in reference["content"]]
    assert text["contentType"].startswith("text/plain")
    assert own == {"contentType": "application/pdf", "url": f"Binary/{reference['id']}-file"}
    client = app.test_client()
    got = client.get(f"/fhir/{own['url']}", headers=bearer(tokens["submitter"]))
    assert got.status_code == 200, got.get_data()
    _valid(got.json)
    assert got.json["contentType"] == "application/pdf"
    redacted = base64.b64decode(got.json["data"])
    reread = pdf.extract(ingest.ingest_bytes(redacted, "again.pdf")).text
    before = pdf.extract(ingest.ingest_bytes(content, "note.pdf")).text
    assert "Margaret Thornton" in before and "Margaret Thornton" not in reread
    read = client.get(
        f"/fhir/DocumentReference/{reference['id']}", headers=bearer(tokens["submitter"])
    )
    assert read.json["content"][1]["attachment"] == own
    plain = client.get(f"/fhir/Binary/{reference['id']}", headers=bearer(tokens["submitter"]))
    assert plain.json["contentType"].startswith("text/plain")
