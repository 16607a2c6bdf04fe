"""FHIR test resources built here (never ../shared data): a DocumentReference with the
document inline or in a Binary, an ITI-65 Provide Document Bundle, a Patient."""

from __future__ import annotations

import base64
from typing import Any

FHIR_JSON = {"Content-Type": "application/fhir+json"}

# a note whose patient detection alone misses: an uncommon surname in lower case, initials
MISSED_NOTE = (
    "Discharge summary: patient vanterpool, R. was discharged home in stable condition. "
    "Initials on consent: R.V. Follow up with primary care in two weeks.\n"
    "Hospital course: admitted with community acquired pneumonia, treated with intravenous "
    "antibiotics and oxygen, afebrile since the third day, tolerating a regular diet and walking "
    "without assistance. Discharge medications: amoxicillin for five more days."
)  # long enough to classify (min_known_words): the FHIR tests are about the patient's name
PATIENT_VALUES = ("vanterpool", "R.V.")


def b64(text: str | bytes) -> str:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return base64.b64encode(raw).decode("ascii")


def unb64(data: str) -> str:
    return base64.b64decode(data).decode("utf-8")


def document_reference(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "id": "orig-1",
        "status": "current",
        "subject": {"reference": "Patient/p-1"},
        "content": [{"attachment": {"contentType": "text/plain", "data": b64(text)}}],
        **extra,
    }


def with_binary(text: str) -> dict[str, Any]:
    """The document in a contained Binary, referenced by `#id`."""
    binary = {"resourceType": "Binary", "id": "b1", "contentType": "text/plain", "data": b64(text)}
    reference = document_reference(text, contained=[binary])
    reference["content"] = [{"attachment": {"contentType": "text/plain", "url": "#b1"}}]
    return reference


def patient() -> dict[str, Any]:
    return {
        "resourceType": "Patient",
        "id": "p-1",
        "identifier": [
            {
                "type": {
                    "coding": [
                        {"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}
                    ]
                },
                "value": "MRN-448812",
            }
        ],
        "name": [{"family": "Vanterpool", "given": ["Ruthanne"]}],
        "birthDate": "1961-03-07",
        "telecom": [{"system": "phone", "value": "+1 617 555 0199"}],
        "address": [{"line": ["12 Quarry Lane"], "city": "Braintree", "postalCode": "02184"}],
    }


def provide_bundle(text: str, with_patient: bool = False) -> dict[str, Any]:
    """An IHE MHD ITI-65 Provide Document Bundle: List, DocumentReference, Binary, Patient."""
    reference = document_reference(text)
    reference.pop("id")
    reference["content"] = [
        {"attachment": {"contentType": "text/plain", "url": "urn:uuid:binary-1"}}
    ]
    reference["subject"] = {"reference": "urn:uuid:patient-1"}
    entries = [
        {
            "fullUrl": "urn:uuid:list-1",
            "resource": {
                "resourceType": "List",
                "status": "current",
                "mode": "working",
                "code": {"coding": [{"code": "submissionset"}]},
                "entry": [{"item": {"reference": "urn:uuid:doc-1"}}],
            },
        },
        {"fullUrl": "urn:uuid:doc-1", "resource": reference},
        {
            "fullUrl": "urn:uuid:binary-1",
            "resource": {"resourceType": "Binary", "contentType": "text/plain", "data": b64(text)},
        },
    ]
    if with_patient:
        entries.append({"fullUrl": "urn:uuid:patient-1", "resource": patient()})
    for entry in entries:
        entry["request"] = {"method": "POST", "url": entry["resource"]["resourceType"]}
    return {"resourceType": "Bundle", "type": "transaction", "entry": entries}
