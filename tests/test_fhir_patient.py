# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""Patient-aware scrubbing: a Patient sent with a document has its names (and initials,
"Last, First", nicknames), birth date in other formats, MRN, phone and address redacted
wherever they occur, even where detection alone misses them; for that request only."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from classifier.fhir.patient import known_values
from tests.fhir_documents import (
    FHIR_JSON,
    MISSED_NOTE,
    PATIENT_VALUES,
    document_reference,
    patient,
    provide_bundle,
    unb64,
)
from tests.web_fixtures import app, bearer, service_of, tokens, web_settings  # noqa: F401

VARIANTS = [
    ("Ruthanne Vanterpool", "PERSON"),
    ("VANTERPOOL, RUTHANNE", "PERSON"),
    ("Vanterpool, R.", "PERSON"),
    ("R. Vanterpool", "PERSON"),
    ("RV", "PERSON"),
    ("3/7/1961", "DATE_TIME"),
    ("03/07/61", "DATE_TIME"),
    ("7 March 1961", "DATE_TIME"),
    ("Mar 7, 1961", "DATE_TIME"),
    ("MRN-448812", "MEDICAL_RECORD_NUMBER"),
    ("448812", "MEDICAL_RECORD_NUMBER"),
    ("(617) 555-0199", "PHONE_NUMBER"),
    ("617.555.0199", "PHONE_NUMBER"),
    ("12 Quarry Lane", "STREET_ADDRESS"),
    ("braintree", "LOCATION"),
    ("02184", "ZIP_CODE"),
]


@pytest.mark.parametrize(("value", "entity_type"), VARIANTS)
def test_each_variant_is_found(value: str, entity_type: str) -> None:
    text = f"Seen on the ward: {value}; plan unchanged."
    found = [(text[f.start : f.end], f.entity_type) for f in known_values(patient()).find(text)]
    assert (value, entity_type) in found


def test_nicknames_and_word_boundaries() -> None:
    named_bill = patient()
    named_bill["name"] = [{"family": "Okafor", "given": ["Bill"]}]
    values = known_values(named_bill)
    text = "William Okafor (Billy) signed; Okaforville is a town."
    found = {text[f.start : f.end] for f in values.find(text)}
    assert found >= {"William", "Okafor", "Billy"}
    assert "Okaforville" not in found
    assert "rv" not in {text[f.start : f.end] for f in values.find("the rv park")}


def _redacted(app: Flask, token: str, resource: dict[str, Any]) -> str:
    response = app.test_client().post(
        "/fhir/DocumentReference", json=resource, headers={**bearer(token), **FHIR_JSON}
    )
    assert response.status_code == 201, response.get_data()
    return unb64(response.json["content"][0]["attachment"]["data"])


def test_missed_name_is_redacted_once_the_patient_is_supplied(
    app: Flask, tokens: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    alone = _redacted(app, tokens["submitter"], document_reference(MISSED_NOTE))
    assert all(v in alone for v in PATIENT_VALUES)  # detection alone misses both
    with_patient = document_reference(MISSED_NOTE, contained=[patient()])
    with_patient["subject"] = {"reference": "#p-1"}
    scrubbed = _redacted(app, tokens["submitter"], with_patient)
    assert all(v not in scrubbed for v in PATIENT_VALUES), scrubbed
    assert "discharged home in stable condition" in scrubbed
    # used for that request only: the next document without the Patient is as before
    assert _redacted(app, tokens["submitter"], document_reference(MISSED_NOTE)) == alone
    _never_kept(app, caplog)


def _never_kept(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    """No identifier of the Patient in the logs, the audit trail or the state database."""
    settings = service_of(app).settings
    kept = [p for p in Path(settings.audit_dir).rglob("*") if p.is_file()]
    kept += [p for p in Path(settings.data_dir).rglob("*.sqlite3*") if p.is_file()]
    assert kept
    for value in ("Vanterpool", "Ruthanne", "448812", "Quarry"):
        assert value.lower() not in caplog.text.lower()
        assert all(value.encode() not in p.read_bytes() for p in kept), value


def test_patient_in_an_iti65_bundle(app: Flask, tokens: dict[str, str]) -> None:
    response = app.test_client().post(
        "/fhir",
        json=provide_bundle(MISSED_NOTE, with_patient=True),
        headers={**bearer(tokens["submitter"]), **FHIR_JSON},
    )
    assert response.status_code == 200, response.get_data()
    reference = response.json["entry"][0]["resource"]
    text = unb64(reference["content"][0]["attachment"]["data"])
    assert all(v not in text for v in PATIENT_VALUES), text
