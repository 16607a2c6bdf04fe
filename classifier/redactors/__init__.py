"""The redacted document in its own format, one module per format.

`redact_document(...)` is the pipeline's entry: `(bytes, media type)`, or None for plain text
(whose redacted form is the redacted text). `locations(...)` gives each finding's page and,
for PDFs and images, the boxes redacted. See docs/formats.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from classifier.document import Document, Extracted, Finding, Quarantined, Result
from classifier.layout import locate
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


def redact_document(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
    children: Sequence[Result | Quarantined] = (),
) -> tuple[bytes, str] | None:
    """`findings` do not overlap (redact.resolve_overlaps); `replacements[i]` is the operator
    output for `findings[i]`. Raises a DocumentError when the document cannot be redacted."""
    from classifier.redactors import docx, email, html, image, pdf

    kind = document.media_type
    if kind == ingest.PDF:
        return pdf.redact(document, extracted, findings, replacements), kind
    if kind in (ingest.PNG, ingest.JPEG, ingest.TIFF):
        return image.redact(document, extracted, findings, replacements)
    if kind == ingest.DOCX:
        return docx.redact(document, extracted, findings, replacements), kind
    if kind == ingest.HTML:
        return html.redact(document, extracted, findings, replacements), kind
    if kind == ingest.EMAIL:
        return email.redact(document, extracted, findings, replacements, children), kind
    return None


def locations(extracted: Extracted, findings: Sequence[Finding]) -> tuple[dict[str, Any], ...]:
    return tuple(locate(extracted.layout, f.start, f.end) for f in findings)
