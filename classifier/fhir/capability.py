"""The CapabilityStatement served at /fhir/metadata: what this server does, in FHIR."""

from __future__ import annotations

import datetime as dt
from typing import Any

from classifier.fhir.model import checked

SEARCH_PARAMS = (
    ("_id", "token", "the document id (as the audit trail records it)"),
    ("type", "token", "document label, or its LOINC code"),
    ("category", "token", "document domain (clinical, legal, finance)"),
    ("security-label", "token", "HL7 confidentiality code or sensitivity tag"),
    ("_count", "number", "most entries returned (default 100, at most 500)"),
)


def capability_statement(version: str) -> dict[str, Any]:
    document_reference = {
        "type": "DocumentReference",
        "interaction": [{"code": "create"}, {"code": "read"}, {"code": "search-type"}],
        "searchParam": [{"name": n, "type": t, "documentation": d} for n, t, d in SEARCH_PARAMS],
    }
    return checked(
        {
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": dt.date.today().isoformat(),
            "kind": "instance",
            "software": {"name": "doc-classifier", "version": version},
            "implementation": {"description": "On-premise document classifier and redactor"},
            "fhirVersion": "4.0.1",
            "format": ["application/fhir+json", "json"],
            "rest": [
                {
                    "mode": "server",
                    "security": {
                        "description": "Bearer tokens of the REST API, with the same roles"
                    },
                    "resource": [
                        document_reference,
                        {"type": "Binary", "interaction": [{"code": "read"}]},
                    ],
                    "interaction": [{"code": "transaction"}],
                    "operation": [
                        {
                            "name": "de-identify",
                            "definition": "urn:classifier:fhir:OperationDefinition/de-identify",
                            "documentation": "Asynchronous: NDJSON of DocumentReference or "
                            "text in, 202 + Content-Location, NDJSON out",
                        }
                    ],
                }
            ],
        }
    )
