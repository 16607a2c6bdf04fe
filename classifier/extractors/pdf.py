"""PDF text with pypdfium2 (PDFium: Apache-2.0 / BSD-3-Clause), with where each character is
drawn; pages without a text layer (scans) are rendered and read by OCR (Tesseract).

A scanned PDF, or a mixed one where only some pages are scans, gives one text: the pages'
texts joined by a blank line. The layout (classifier.layout) records each page's offsets and
its characters' or words' boxes, which the PDF redactor uses to remove exactly that text.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from classifier.layout import PageLayout, Span
from classifier.limits import current
from classifier.ocr import ocr_words, words_to_text

PAGE_SEPARATOR = "\n\n"

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings can quote content


@contextmanager
def open_pdf(content: bytes) -> Iterator[pdfium.PdfDocument]:
    """The document, or EncryptedDocument / CorruptDocument / DocumentTooLarge."""
    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument("the PDF is password-protected") from None
        raise CorruptDocument("the PDF could not be parsed") from None
    try:
        limits = current()
        if len(pdf) > limits.max_pages:
            raise DocumentTooLarge(f"{len(pdf)} pages is over the limit of {limits.max_pages}")
        yield pdf
    finally:
        pdf.close()


def text_object(textpage: pdfium.PdfTextPage, index: int) -> int | None:
    """The address of the text object that draws character `index` (None: generated)."""
    obj = pdfium_c.FPDFText_GetTextObject(textpage, index)
    return ctypes.cast(obj, ctypes.c_void_p).value


def page_text(textpage: pdfium.PdfTextPage, offset: int) -> tuple[str, list[Span]]:
    """The page's characters in PDFium's order (CR LF becomes LF); a span per visible one."""
    chars: list[str] = []
    spans: list[Span] = []
    pos = offset
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code == 0x0D:  # CR of a generated CR LF
            continue
        char = "-" if code == 0x02 else chr(code) if code < 0x110000 else "\ufffd"
        chars.append(char)
        if not char.isspace() and not pdfium_c.FPDFText_IsGenerated(textpage, i):
            left, bottom, right, top = textpage.get_charbox(i)
            spans.append(Span(pos, pos + 1, (left, bottom, right, top), i))
        pos += 1
    return "".join(chars), spans


def has_images(page: pdfium.PdfPage) -> bool:
    return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2))


def ocr_page(page: pdfium.PdfPage, offset: int) -> tuple[str, list[Span]]:
    """Render the page, OCR it; word boxes in PDF points (origin bottom left)."""
    dpi = current().ocr_dpi
    scale = dpi / 72
    height = page.get_height()
    image = page.render(scale=scale, grayscale=True).to_pil()
    text, spans = words_to_text(ocr_words(image), offset)
    return text, [
        Span(
            s.start,
            s.end,
            (
                s.box[0] / scale,
                height - s.box[3] / scale,
                s.box[2] / scale,
                height - s.box[1] / scale,
            ),
        )
        for s in spans
    ]


def extract(document: Document) -> Extracted:
    texts: list[str] = []
    layout: list[PageLayout] = []
    pos = 0
    with open_pdf(document.content) as pdf:
        for number in range(1, len(pdf) + 1):
            if texts:
                pos += len(PAGE_SEPARATOR)
            try:
                page = pdf[number - 1]
                textpage = page.get_textpage()
                text, spans = page_text(textpage, pos)
                ocr = not spans and has_images(page)
                if ocr:
                    text, spans = ocr_page(page, pos)
                width, height = page.get_size()
            except pdfium.PdfiumError:
                raise CorruptDocument(f"page {number} of the PDF could not be read") from None
            layout.append(
                PageLayout(number, pos, pos + len(text), width, height, "pt", ocr, tuple(spans))
            )
            texts.append(text)
            pos += len(text)
    return Extracted(text=PAGE_SEPARATOR.join(texts), pages=len(layout), layout=tuple(layout))
