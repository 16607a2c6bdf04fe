"""Extract: the document's text (and child documents), by media type."""

from __future__ import annotations

from collections.abc import Callable

from classifier.document import Document, Extracted
from classifier.errors import EmptyDocument, EncryptedDocument, UnsupportedFormat
from classifier.extractors import docx, email, html, image, pdf, text
from classifier.stages import ingest

EXTRACTORS: dict[str, Callable[[Document], Extracted]] = {
    ingest.TEXT: text.extract,
    ingest.PDF: pdf.extract,
    ingest.DOCX: docx.extract,
    ingest.HTML: html.extract,
    ingest.EMAIL: email.extract,
    ingest.PNG: image.extract,
    ingest.JPEG: image.extract,
    ingest.TIFF: image.extract,
}


def extract(document: Document) -> Extracted:
    if document.media_type == ingest.OLE and document.filename.lower().endswith(".docx"):
        raise EncryptedDocument("the DOCX is password-protected")
    extractor = EXTRACTORS.get(document.media_type)
    if extractor is None:
        raise UnsupportedFormat(f"media type {document.media_type} is not supported")
    extracted = extractor(document)
    if not extracted.text.strip() and not extracted.children:
        raise EmptyDocument("no text could be extracted (a scanned document needs OCR)")
    return extracted
