"""A processed document as FHIR: the redacted DocumentReference and its Binary.

`type` is the classifier's label (and its LOINC document type where one fits, from
data/document_types.tsv), `category` its domain, `meta.security` and `securityLabel` the
policy's HL7 confidentiality code and sensitivity tags (policy `hl7:`) plus REDACTED,
`relatesTo` (code `transforms`) points to the document as submitted, and the identifier
holds the id the audit trail records the document under (`document_id`)."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

from classifier.fhir.model import checked
from classifier.policy.hl7 import (
    CONFIDENTIALITY,
    CONFIDENTIALITY_SYSTEM,
    SENSITIVITY_TAGS,
    TAG_SYSTEM,
    Hl7Labels,
)

BASE = "urn:classifier:fhir"
AUDIT_ID_SYSTEM = f"{BASE}:audit-document-id"  # the audit trail's document_id
LABEL_SYSTEM = f"{BASE}:document-label"
DOMAIN_SYSTEM = f"{BASE}:document-domain"
LOINC = "http://loinc.org"
INTEGRITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue"
REDACTED = {"system": INTEGRITY_SYSTEM, "code": "REDACTED", "display": "redacted"}
TEXT = "text/plain; charset=utf-8"
MHD_LIST_TYPES = "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes"


@dataclass(frozen=True)
class Processed:
    """What the FHIR view of a processed document is made of (a stored row or a fresh
    result); `text`: the redacted text, when it is to be sent inline."""

    id: str
    label: str | None
    domain: str | None
    sensitivity: str | None
    confidence: float | None
    created: float
    text: str | None = None
    original: dict[str, Any] | None = None
    subject: dict[str, Any] | None = None
    file_type: str | None = None  # the redacted document in its own format (PDF, DOCX, ...)


def from_record(record: dict[str, Any], created: float | None = None, **extra: Any) -> Processed:
    """The FHIR view's facts of a stored result record."""
    return Processed(
        id=record["id"],
        label=record.get("label"),
        domain=record.get("domain"),
        sensitivity=record.get("sensitivity"),
        confidence=record.get("confidence"),
        created=time.time() if created is None else created,
        text=record.get("redacted_text"),
        file_type=own_format(record.get("redacted_media_type")),
        **extra,
    )


FILE_SUFFIX = "-file"  # Binary/<id>-file: the redacted document in its own format


def own_format(media_type: str | None) -> str | None:
    """The redacted document's own media type, when it has one besides its text."""
    return media_type if media_type and not media_type.startswith("text/plain") else None


@functools.cache
def document_types() -> dict[str, tuple[str, str]]:
    text = resources.files("classifier.fhir").joinpath("data/document_types.tsv").read_text()
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {label: (code, display) for label, code, display in rows}


def security(hl7: Hl7Labels, doc: Processed) -> list[dict[str, Any]]:
    code, tags = hl7.marks(doc.label, doc.sensitivity)
    codings = [{"system": CONFIDENTIALITY_SYSTEM, "code": code, "display": CONFIDENTIALITY[code]}]
    codings += [{"system": TAG_SYSTEM, "code": t, "display": SENSITIVITY_TAGS[t]} for t in tags]
    return [*codings, REDACTED]


def document_reference(doc: Processed, hl7: Hl7Labels) -> dict[str, Any]:
    labels = security(hl7, doc)
    resource: dict[str, Any] = {
        "resourceType": "DocumentReference",
        "id": doc.id,
        "meta": {"security": labels},
        "identifier": [{"system": AUDIT_ID_SYSTEM, "value": doc.id}],
        "status": "current",
        "docStatus": "final",
        "type": _type(doc.label),
        "category": [_category(doc.domain)],
        "date": instant(doc.created),
        "description": _description(doc),
        "securityLabel": [{"coding": [c]} for c in labels],
        "content": [{"attachment": a} for a in _attachments(doc)],
    }
    if doc.original is not None:
        resource["relatesTo"] = [{"code": "transforms", "target": doc.original}]
    if doc.subject is not None:
        resource["subject"] = doc.subject
    return checked(resource)


def binary(doc: Processed, hl7: Hl7Labels) -> dict[str, Any]:
    """The redacted text as a Binary."""
    assert doc.text is not None
    return checked(
        {
            "resourceType": "Binary",
            "id": doc.id,
            "meta": {"security": security(hl7, doc)},
            "contentType": TEXT,
            "securityContext": {"reference": f"DocumentReference/{doc.id}"},
            "data": _b64(doc.text),
        }
    )


def file_binary(doc: Processed, hl7: Hl7Labels, content: bytes, media_type: str) -> dict[str, Any]:
    """The redacted document in its own format (PDF, DOCX, image, HTML, e-mail) as a Binary."""
    return checked(
        {
            "resourceType": "Binary",
            "id": doc.id + FILE_SUFFIX,
            "meta": {"security": security(hl7, doc)},
            "contentType": media_type,
            "securityContext": {"reference": f"DocumentReference/{doc.id}"},
            "data": base64.b64encode(content).decode("ascii"),
        }
    )


def _type(label: str | None) -> dict[str, Any]:
    codings = [{"system": LABEL_SYSTEM, "code": label or "unknown"}]
    if label in document_types():
        code, display = document_types()[label]
        codings.insert(0, {"system": LOINC, "code": code, "display": display})
    return {"coding": codings, "text": label or "unknown"}


def _category(domain: str | None) -> dict[str, Any]:
    return {"coding": [{"system": DOMAIN_SYSTEM, "code": domain or "none"}]}


def _description(doc: Processed) -> str:
    confidence = f" (confidence {doc.confidence:.2f})" if doc.confidence is not None else ""
    return f"Redacted copy; classified {doc.label or 'unknown'}{confidence}"


def _attachments(doc: Processed) -> list[dict[str, Any]]:
    """The redacted text (inline when at hand), then the redacted document in its own format
    when it has one (by reference: GET Binary/<id>-file)."""
    found = [_attachment(doc)]
    if doc.file_type is not None:
        found.append({"contentType": doc.file_type, "url": f"Binary/{doc.id}{FILE_SUFFIX}"})
    return found


def _attachment(doc: Processed) -> dict[str, Any]:
    attachment: dict[str, Any] = {"contentType": TEXT, "url": f"Binary/{doc.id}"}
    if doc.text is not None:
        raw = doc.text.encode("utf-8")
        attachment |= {
            "data": _b64(doc.text),
            "size": len(raw),
            "hash": base64.b64encode(hashlib.sha1(raw).digest()).decode(),  # FHIR: SHA-1
        }
    return attachment


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def instant(seconds: float) -> str:
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")


def searchset(resources: list[dict[str, Any]], self_url: str) -> dict[str, Any]:
    return checked(
        {
            "resourceType": "Bundle",
            "type": "searchset",
            "total": len(resources),
            "link": [{"relation": "self", "url": self_url}],
            "entry": [
                {
                    "fullUrl": f"DocumentReference/{r['id']}",
                    "resource": r,
                    "search": {"mode": "match"},
                }
                for r in resources
            ],
        }
    )


def provide_bundle(docs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, Any]:
    """An ITI-65 Provide Document Bundle of (DocumentReference, Binary) pairs, with its List
    SubmissionSet: what push mode POSTs to the site's FHIR server. Each DocumentReference's
    attachment points to its Binary's fullUrl."""
    entries = []
    for reference, content in docs:
        content_url = f"urn:uuid:{_uuid(content)}"
        reference = {
            **reference,
            "content": [{"attachment": {**_first(reference), "url": content_url}}],
        }
        entries += [_post(f"urn:uuid:{_uuid(reference)}", reference), _post(content_url, content)]
    items = [
        {"item": {"reference": e["fullUrl"]}}
        for e in entries
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    submission_set = {
        "resourceType": "List",
        "status": "current",
        "mode": "working",
        "code": {"coding": [{"system": MHD_LIST_TYPES, "code": "submissionset"}]},
        "date": instant(dt.datetime.now(dt.UTC).timestamp()),
        "entry": items,
    }
    entries.insert(0, _post(f"urn:uuid:{_uuid(submission_set)}", submission_set))
    return checked({"resourceType": "Bundle", "type": "transaction", "entry": entries})


def _first(reference: dict[str, Any]) -> dict[str, Any]:
    attachment: dict[str, Any] = reference["content"][0]["attachment"]
    return attachment


def _post(full_url: str, resource: dict[str, Any]) -> dict[str, Any]:
    request = {"method": "POST", "url": resource["resourceType"]}
    return {"fullUrl": full_url, "resource": resource, "request": request}


def _uuid(resource: dict[str, Any]) -> str:
    """A stable uuid per resource of one bundle (type and id; the List by its date)."""
    key = f"{resource['resourceType']}/{resource.get('id') or resource.get('date')}"
    digest = hashlib.sha256(key.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
