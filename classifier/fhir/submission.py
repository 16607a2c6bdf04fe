"""What a records system submits, read from FHIR: a DocumentReference with its content inline
(`attachment.data`) or in a Binary (contained, `#id`, or an entry of the same Bundle), and an
IHE MHD ITI-65 Provide Document Bundle (a transaction Bundle of a List SubmissionSet,
DocumentReferences, their Binaries and the Patient). The service fetches nothing: a URL to
anywhere else is refused with a clear message."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from classifier.errors import InvalidResource
from classifier.fhir.model import checked
from classifier.stages.ingest import safe_filename

STATUSES = ("current", "superseded")
EXTENSIONS = {
    "text/plain": ".txt",
    "text/html": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "message/rfc822": ".eml",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
}


@dataclass(frozen=True)
class Submission:
    """One document to process. `patients`: Patient resources sent with it, for
    patient-aware scrubbing of this request only (never stored)."""

    content: bytes = field(repr=False)
    filename: str
    content_type: str | None
    original: dict[str, Any]  # a Reference to the document as submitted (relatesTo target)
    subject: dict[str, Any] | None = None
    patients: tuple[dict[str, Any], ...] = field(default=(), repr=False)


def from_text(text: str, name: str = "text.txt") -> Submission:
    return Submission(text.encode("utf-8"), name, "text/plain", {"display": "plain text"})


def from_document_reference(
    data: Any,
    resources: dict[str, dict[str, Any]] | None = None,
    full_url: str | None = None,
) -> Submission:
    """`resources`: the other resources of the Bundle by fullUrl and by Type/id."""
    reference = checked(data, ("DocumentReference",))
    if reference["status"] not in STATUSES:
        raise InvalidResource(
            f"DocumentReference.status must be {' or '.join(STATUSES)} to be processed"
        )
    contained = {f"#{r.get('id')}": r for r in reference.get("contained") or []}
    known = {**(resources or {}), **contained}
    attachment = _attachment(reference)
    content, content_type = _content(attachment, known)
    patients = tuple(r for r in known.values() if r.get("resourceType") == "Patient")
    return Submission(
        content=content,
        filename=_filename(attachment, content_type),
        content_type=content_type,
        original=_original(reference, full_url),
        subject=_subject(reference.get("subject")),
        patients=patients,
    )


def _attachment(reference: dict[str, Any]) -> dict[str, Any]:
    content = reference.get("content") or []
    if not content:
        raise InvalidResource("DocumentReference.content: required element missing")
    if len(content) > 1:
        raise InvalidResource("DocumentReference.content: send one attachment per document")
    attachment: dict[str, Any] = content[0].get("attachment") or {}
    return attachment


def _content(
    attachment: dict[str, Any], known: dict[str, dict[str, Any]]
) -> tuple[bytes, str | None]:
    content_type = attachment.get("contentType")
    if attachment.get("data") is not None:
        return _decoded(attachment["data"], "attachment.data"), content_type
    url = attachment.get("url")
    if not url:
        raise InvalidResource(
            "DocumentReference.content[0].attachment: give the document in `data` (base64) "
            "or `url` naming a Binary sent with it"
        )
    binary = known.get(str(url))
    if binary is None or binary.get("resourceType") != "Binary":
        raise InvalidResource(
            "DocumentReference.content[0].attachment.url must name a Binary sent with it "
            "(an entry of the Bundle by fullUrl or Binary/id, or a contained #id); "
            "the service fetches nothing from elsewhere"
        )
    if binary.get("data") is None:
        raise InvalidResource("Binary.data: required to process the document")
    return _decoded(binary["data"], "Binary.data"), content_type or binary.get("contentType")


def _decoded(data: str, where: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidResource(f"{where} is not valid base64") from None


def _filename(attachment: dict[str, Any], content_type: str | None) -> str:
    title = attachment.get("title")
    if title:
        return safe_filename(str(title))
    media = (content_type or "").split(";")[0].strip().lower()
    return "document" + EXTENSIONS.get(media, "")


def _original(reference: dict[str, Any], full_url: str | None) -> dict[str, Any]:
    if reference.get("id"):
        return {"reference": f"DocumentReference/{reference['id']}"}
    if full_url:
        return {"reference": full_url}
    master = reference.get("masterIdentifier")
    if master:
        return {"identifier": master}
    return {"display": "the document as submitted"}


def _subject(subject: Any) -> dict[str, Any] | None:
    """The subject reference, kept only where it is a literal reference to a resource the
    receiver knows (`Patient/123`); a contained or Bundle-local one is not echoed."""
    if not isinstance(subject, dict):
        return None
    ref = str(subject.get("reference") or "")
    if ref.startswith(("#", "urn:")) or "/" not in ref:
        return None
    return {"reference": ref}


def from_bundle(data: Any) -> list[Submission]:
    """The DocumentReferences of an ITI-65 transaction Bundle, each with its Binary and the
    Bundle's Patients. Every entry is validated before anything is processed."""
    bundle = checked(data, ("Bundle",))
    if bundle.get("type") != "transaction":
        raise InvalidResource("Bundle.type must be transaction (IHE MHD ITI-65)")
    entries = bundle.get("entry") or []
    resources: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(entries):
        resource = entry.get("resource")
        if resource is None:
            raise InvalidResource(f"Bundle.entry[{i}].resource: required element missing")
        _check_request(entry, i)
        try:
            checked(resource)
        except InvalidResource as exc:
            raise InvalidResource(f"Bundle.entry[{i}].resource: {exc}") from None
        for key in _keys(entry, resource):
            resources[key] = resource
    documents = [
        from_document_reference(e["resource"], resources, e.get("fullUrl"))
        for e in entries
        if e["resource"].get("resourceType") == "DocumentReference"
    ]
    if not documents:
        raise InvalidResource("the Bundle holds no DocumentReference")
    return documents


def _check_request(entry: dict[str, Any], i: int) -> None:
    method = (entry.get("request") or {}).get("method")
    if method not in (None, "POST"):
        raise InvalidResource(f"Bundle.entry[{i}].request.method must be POST (ITI-65)")


def _keys(entry: dict[str, Any], resource: dict[str, Any]) -> list[str]:
    keys = [str(entry["fullUrl"])] if entry.get("fullUrl") else []
    if resource.get("id"):
        keys.append(f"{resource['resourceType']}/{resource['id']}")
    return keys
