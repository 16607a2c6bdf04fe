"""Document formats: one module per media type, each reading its format (`extract`) and
writing the redacted document back in it (`redact`); this module is the registry.

`extract(document, limits)` gives the text (and child documents) by media type; every extractor
takes `(document, limits)`, the limits the pipeline holds. `redact_document(...)`
is the pipeline's entry for writing: `(bytes, media type)`, or None for plain text (whose
redacted form is the redacted text). `locations(...)` gives each finding's page and, for PDFs
and images, the boxes redacted. See docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from classifier.document import Document, Extracted, Finding, Quarantined, Result
from classifier.errors import EmptyDocument, EncryptedDocument, UnsupportedFormat
from classifier.formats.layout import NO_MARKS, Marks, locate
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.stages import ingest

EXTENSIONS = {
    ingest.PDF: ".pdf",
    ingest.DOCX: ".docx",
    ingest.HTML: ".html",
    ingest.EMAIL: ".eml",
    ingest.PNG: ".png",
    ingest.JPEG: ".jpg",
    ingest.TIFF: ".tif",
}


Extractor = Callable[[Document, Limits], Extracted]


def _extractors() -> dict[str, Extractor]:
    from classifier.formats import docx, email, html, image, pdf, text

    return {
        ingest.TEXT: text.extract,
        ingest.PDF: pdf.extract,
        ingest.DOCX: docx.extract,
        ingest.HTML: html.extract,
        ingest.EMAIL: email.extract,
        ingest.PNG: image.extract,
        ingest.JPEG: image.extract,
        ingest.TIFF: image.extract,
    }


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """The document's text by its sniffed media type; a DocumentError when it has none."""
    if document.media_type == ingest.OLE and document.filename.lower().endswith(".docx"):
        raise EncryptedDocument("the DOCX is password-protected")
    extractor = _extractors().get(document.media_type)
    if extractor is None:
        raise UnsupportedFormat(f"media type {document.media_type} is not supported")
    extracted = extractor(document, limits)
    if not extracted.text.strip() and not extracted.children:
        raise EmptyDocument("no text could be extracted (a scanned document needs OCR)")
    return extracted


def redact_document(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
    children: Sequence[Result | Quarantined] = (),
    limits: Limits = DEFAULT_LIMITS,
    marks: Marks = NO_MARKS,
) -> tuple[bytes, str] | None:
    """`findings` do not overlap (redact.resolve_overlaps); `replacements[i]` is the operator
    output for `findings[i]`; `marks`: a reviewer's regions and removed findings on the pages
    of a PDF or image. Raises a DocumentError when the document cannot be redacted."""
    from classifier.formats import docx, email, html, image, pdf

    kind = document.media_type
    if kind == ingest.PDF:
        return pdf.redact(document, extracted, findings, replacements, limits, marks), kind
    if kind in (ingest.PNG, ingest.JPEG, ingest.TIFF):
        return image.redact(document, extracted, findings, replacements, limits, marks)
    if kind == ingest.DOCX:
        return docx.redact(document, extracted, findings, replacements, limits), kind
    if kind == ingest.HTML:
        return html.redact(document, extracted, findings, replacements), kind
    if kind == ingest.EMAIL:
        return email.redact(document, extracted, findings, replacements, children), kind
    return None


def locations(extracted: Extracted, findings: Sequence[Finding]) -> tuple[dict[str, Any], ...]:
    return tuple(locate(extracted.layout, f.start, f.end) for f in findings)
