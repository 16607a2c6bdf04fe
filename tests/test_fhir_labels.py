# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""HL7 security labels from the policy (`hl7:`): validated at load, the stricter of the
sensitivity's confidentiality code and the label's, sensitivity tags, written into the
redacted DocumentReference; a document held for review answers 202 with an OperationOutcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from classifier.errors import PolicyError
from classifier.ml.text_classifier import TextClassifier
from classifier.policy.rules import parse_policy
from classifier.settings import load_settings
from classifier.stages.detect import Detector
from tests.conftest import DEFAULT_POLICY, make_pipeline
from tests.documents import CLINICAL_NOTE
from tests.fhir_documents import FHIR_JSON, document_reference
from tests.web_fixtures import bearer, review_app, service_of, tokens_for, web_settings  # noqa: F401
from web import create_app

LABELLED = """
hl7:
  confidentiality: {public: U, internal: M, confidential: N, restricted: R}
  labels:
    operative_report: {confidentiality: V, tags: [PSY, ETH]}
    receipt: {confidentiality: L}
"""


def test_marks_take_the_stricter_code() -> None:
    hl7 = parse_policy("name: x" + LABELLED).hl7
    assert hl7.marks("operative_report", "internal") == ("V", ("PSY", "ETH"))
    assert hl7.marks("receipt", "restricted") == ("R", ())  # the label's L is less strict
    assert hl7.marks("contract", "internal") == ("M", ())
    assert parse_policy("name: x").hl7.marks(None, "restricted") == ("R", ())


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ("hl7: {confidentiality: {secret: R}}", r"hl7\.confidentiality\.secret: 'secret' is not"),
        ("hl7: {confidentiality: {public: X}}", r"'X' is not one of U, L, M, N, R, V"),
        ("hl7: {labels: {receipt: {tags: [FOO]}}}", r"hl7\.labels\.receipt\.tags: 'FOO'"),
        ("hl7: {labels: {receipt: {colour: red}}}", r"expected \{confidentiality"),
        ("hl7: {colours: {}}", r"hl7\.colours: unknown key"),
    ],
)
def test_broken_hl7_sections_name_the_key(section: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy(f"name: x\n{section}\n", "p.yaml")


@pytest.fixture
def labelled_app(
    model: TextClassifier,
    detector: Detector,
    web_settings: dict,
    tmp_path: Path,  # type: ignore[type-arg]
) -> Flask:
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    policy = tmp_path / "labelled.yaml"
    policy.write_text(text[: text.index("\nhl7:")] + LABELLED, encoding="utf-8")  # ours instead
    settings = load_settings(overrides=web_settings, environ={})
    app = create_app(web_settings, pipeline=make_pipeline(model, detector, settings, policy))
    yield app
    service_of(app).close()


def test_policy_labels_reach_meta_security(labelled_app: Flask) -> None:
    response = labelled_app.test_client().post(
        "/fhir/DocumentReference",
        json=document_reference(CLINICAL_NOTE),
        headers={**bearer(tokens_for(labelled_app)["submitter"]), **FHIR_JSON},
    )
    assert response.status_code == 201, response.get_data()
    security = [
        (c["system"].rsplit("/", 1)[-1], c["code"]) for c in response.json["meta"]["security"]
    ]
    assert security == [
        ("v3-Confidentiality", "V"),
        ("v3-ActCode", "PSY"),
        ("v3-ActCode", "ETH"),
        ("v3-ObservationValue", "REDACTED"),
    ]


def test_held_for_review_answers_202(review_app: Flask) -> None:
    client = review_app.test_client()
    token = tokens_for(review_app)["submitter"]
    response = client.post(
        "/fhir/DocumentReference",
        json=document_reference(CLINICAL_NOTE),
        headers={**bearer(token), **FHIR_JSON},
    )
    assert response.status_code == 202
    assert response.json["resourceType"] == "OperationOutcome"
    assert "held for review" in response.json["issue"][0]["diagnostics"]
    doc_id = response.headers["Content-Location"].rsplit("/", 1)[-1]
    held = client.get(f"/fhir/DocumentReference/{doc_id}", headers=bearer(token))
    assert held.status_code == 404  # not released: not readable over FHIR
    found = client.get("/fhir/DocumentReference", headers=bearer(token)).json
    assert found.get("entry", []) == []
