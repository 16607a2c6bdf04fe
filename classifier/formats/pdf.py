"""PDF text with pypdfium2 (PDFium: Apache-2.0 / BSD-3-Clause), with where each character is
drawn; pages without a text layer (scans) are rendered and read by OCR (Tesseract).

A scanned PDF, or a mixed one where only some pages are scans, gives one text: the pages'
texts joined by a blank line. The layout (classifier.formats.layout) records each page's offsets and
its characters' or words' boxes, which the PDF redactor uses to remove exactly that text.

Redaction (`redact`):
Redacted PDF: the redacted text is removed from the page content, not covered.

Writing is done with pypdfium2 (PDFium, Apache-2.0 / BSD-3-Clause) and the final clean-up
with pypdf (BSD-3-Clause); see docs/formats.md for why not PyMuPDF (AGPL-3.0).

Per page with something to redact:
- a text page: each PDF text object that draws a redacted character is deleted and the
  characters of it that are kept are drawn again, as new text objects at their original
  positions; an opaque box is drawn where the text was. A value split over two text runs is
  two objects: both are cut.
- a scanned page (its text came from OCR), or a text page where an image lies under a box,
  or one where PDFium cannot cut the text (text inside a form XObject): the page is rendered,
  the boxes are painted into its pixels, and the page becomes that one image, with no text
  layer.
After a text page is cut its text is read back; if a redacted value is still there, the page
is rasterised as well.

Then the file is written anew (no incremental revisions) from its pages only: document info
and XMP metadata, annotations (form fields, links, comments), embedded files, outlines,
JavaScript, thumbnails and the structure tree are not carried over, and resources the new
content no longer names (such as the original scan) are dropped.
"""

from __future__ import annotations

import ctypes
import io
import logging
import re
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import ImageDraw
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from classifier.document import Document, Extracted, Finding
from classifier.errors import CorruptDocument, DocumentTooLarge, EncryptedDocument
from classifier.formats.layout import (
    NO_MARKS,
    Box,
    Marks,
    PageLayout,
    Span,
    compact,
    merge_boxes,
    page_spans,
    redacted_values,
    spared_count,
)
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.ocr import ocr_words, words_to_text
from classifier.formats.zipguard import CHUNK

PAGE_SEPARATOR = "\n\n"

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings can quote content


# PDFium is not thread-safe (pypdfium2's documentation): the service's request and job
# threads reading, redacting and rendering PDFs at once crashed the process (a page view's
# original and redacted pages rendered together). Every use goes through open_pdf, one at a
# time per process; `--workers N` processes are the way to use more cores on PDFs.
PDFIUM_LOCK = threading.RLock()


_STREAM = re.compile(rb"stream\r?\n")
_STREAM_END = b"endstream"


def inflate_streams_within(content: bytes, limits: Limits) -> None:
    """DocumentTooLarge when one of the PDF's deflated streams inflates past
    `max_uncompressed_bytes` (counted while inflating, a chunk at a time), before PDFium
    inflates any whole: a 1 MB PDF of one 1 GiB content stream took 2.2 GB in PDFium. Per
    stream, no ratio: a blank page image deflates a thousand times, and is no bomb."""
    for m in _STREAM.finditer(content):
        end = content.find(_STREAM_END, m.end())
        if end < 0:
            return
        _inflates_within(content[m.end() : end], limits.max_uncompressed_bytes)


def _inflates_within(data: bytes, limit: int) -> None:
    inflater, size = zlib.decompressobj(), 0
    try:
        while data:
            chunk = inflater.decompress(data, CHUNK)
            size += len(chunk)
            if size > limit:
                raise DocumentTooLarge(f"a PDF stream inflates to over {limit} bytes")
            data = inflater.unconsumed_tail
            if not chunk:
                break
    except zlib.error:  # not deflated (an image, a font): PDFium's own limits
        pass


@contextmanager
def open_pdf(content: bytes, limits: Limits) -> Iterator[pdfium.PdfDocument]:
    """The document, or EncryptedDocument / CorruptDocument / DocumentTooLarge; PDFium is
    held by this thread until the block ends."""
    inflate_streams_within(content, limits)
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError as exc:
            if getattr(exc, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
                raise EncryptedDocument("the PDF is password-protected") from None
            raise CorruptDocument("the PDF could not be parsed") from None
        try:
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


def ocr_page(page: pdfium.PdfPage, offset: int, limits: Limits) -> tuple[str, list[Span]]:
    """Render the page, OCR it; word boxes in PDF points (origin bottom left)."""
    dpi = limits.ocr_dpi
    scale = dpi / 72
    height = page.get_height()
    image = page.render(scale=scale, grayscale=True).to_pil()
    text, spans = words_to_text(ocr_words(image, limits), offset)
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


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    texts: list[str] = []
    layout: list[PageLayout] = []
    pos = 0
    with open_pdf(document.content, limits) as pdf:
        for number in range(1, len(pdf) + 1):
            limits.check_deadline()  # per page: a long PDF cannot outlast its time budget
            if texts:
                pos += len(PAGE_SEPARATOR)
            try:
                page = pdf[number - 1]
                textpage = page.get_textpage()
                text, spans = page_text(textpage, pos)
                ocr = not spans and has_images(page)
                if ocr:
                    text, spans = ocr_page(page, pos, limits)
                width, height = page.get_size()
            except pdfium.PdfiumError:
                raise CorruptDocument(f"page {number} of the PDF could not be read") from None
            layout.append(
                PageLayout(number, pos, pos + len(text), width, height, "pt", ocr, tuple(spans))
            )
            texts.append(text)
            pos += len(text)
    return Extracted(text=PAGE_SEPARATOR.join(texts), pages=len(layout), layout=tuple(layout))


RASTER_DPI_MIN = 150
BOX_PAD = 0.5  # points added around a box
# page keys that can carry content or actions and are not carried over
PAGE_KEYS_DROPPED = ("/Annots", "/AA", "/Thumb", "/PieceInfo", "/Metadata", "/B", "/StructParents")


def _widestring(text: str) -> ctypes.Array[ctypes.c_char]:
    return ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))


def _redraw(
    pdf: pdfium.PdfDocument,
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    obj: ctypes.c_void_p,
    indices: list[int],
) -> None:
    """Draw characters `indices` (kept, consecutive) of text object `obj` again."""
    text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in indices)
    if not text.strip():
        return
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(obj, size)
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    new = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, size.value)
    pdfium_c.FPDFText_SetText(new, ctypes.cast(_widestring(text), pdfium_c.FPDF_WIDESTRING))
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, indices[0], x, y)
    matrix.e, matrix.f = x.value, y.value
    pdfium_c.FPDFPageObj_SetMatrix(new, matrix)
    rgba = [ctypes.c_uint() for _ in range(4)]
    if pdfium_c.FPDFPageObj_GetFillColor(obj, *rgba):
        pdfium_c.FPDFPageObj_SetFillColor(new, *(c.value for c in rgba))
    pdfium_c.FPDFTextObj_SetTextRenderMode(new, pdfium_c.FPDFTextObj_GetTextRenderMode(obj))
    pdfium_c.FPDFPage_InsertObject(page, new)


def _cut_text(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, refs: set[int]) -> bool:
    """Delete the text objects that draw characters `refs`, redraw their other characters.
    False when an object cannot be deleted from the page (it sits in a form XObject)."""
    textpage = page.get_textpage()
    by_object: dict[int, list[int]] = {}
    handles: dict[int, ctypes.c_void_p] = {}
    for i in range(textpage.count_chars()):
        address = text_object(textpage, i)
        if address is not None:
            by_object.setdefault(address, []).append(i)
            handles.setdefault(address, pdfium_c.FPDFText_GetTextObject(textpage, i))
    hit = {text_object(textpage, i) for i in refs} - {None}
    for address in hit:
        assert address is not None
        indices, obj = by_object[address], handles[address]
        runs: list[list[int]] = []
        for i in indices:
            if i in refs:
                runs.append([])
            elif runs and runs[-1] and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        for run in runs:
            if run:
                _redraw(pdf, page, textpage, obj, run)
        if not pdfium_c.FPDFPage_RemoveObject(page, obj):
            return False
        pdfium_c.FPDFPageObj_Destroy(obj)
    return True


def _draw_boxes(page: pdfium.PdfPage, boxes: list[Box]) -> None:
    for x0, y0, x1, y1 in boxes:
        rect = pdfium_c.FPDFPageObj_CreateNewRect(
            x0 - BOX_PAD, y0 - BOX_PAD, x1 - x0 + 2 * BOX_PAD, y1 - y0 + 2 * BOX_PAD
        )
        pdfium_c.FPDFPageObj_SetFillColor(rect, 0, 0, 0, 255)
        pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_WINDING, False)
        pdfium_c.FPDFPage_InsertObject(page, rect)


DRAWN = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_SHADING)


def _images_under(
    page: pdfium.PdfPage, boxes: list[Box], kinds: tuple[int, ...] = (pdfium_c.FPDF_PAGEOBJ_IMAGE,)
) -> bool:
    """Whether an object of `kinds` (images; for a drawn region, any drawing) is under a box."""
    for obj in page.get_objects(max_depth=2):
        if obj.type not in kinds:
            continue
        edges = [ctypes.c_float() for _ in range(4)]
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *edges):
            return True  # unknown extent: treat as under a box
        left, bottom, right, top = (e.value for e in edges)
        if any(x0 < right and left < x1 and y0 < top and bottom < y1 for x0, y0, x1, y1 in boxes):
            return True
    return False


def _rasterise(pdf: pdfium.PdfDocument, index: int, boxes: list[Box], dpi: int) -> None:
    """Replace page `index` by a picture of itself with `boxes` painted black."""
    page = pdf[index]
    scale = max(dpi, RASTER_DPI_MIN) / 72
    left, bottom, right, top = page.get_cropbox()
    image = (
        page.render(scale=scale, draw_annots=False, may_draw_forms=False).to_pil().convert("RGB")
    )
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in boxes:
        draw.rectangle(
            (
                (x0 - left - BOX_PAD) * scale,
                (top - y1 - BOX_PAD) * scale,
                (x1 - left + BOX_PAD) * scale,
                (top - y0 + BOX_PAD) * scale,
            ),
            fill=(0, 0, 0),
        )
    for obj in list(page.get_objects(max_depth=1)):
        page.remove_obj(obj)
        obj.close()
    jpeg = io.BytesIO()
    image.save(jpeg, format="JPEG", quality=85)
    jpeg.seek(0)
    picture = pdfium.PdfImage.new(pdf)
    picture.load_jpeg(jpeg, inline=False)
    picture.set_matrix(pdfium.PdfMatrix().scale(right - left, top - bottom).translate(left, bottom))
    page.insert_obj(picture)
    page.gen_content()


def _still_there(page: pdfium.PdfPage, values: dict[str, int]) -> bool:
    """Whether a redacted value is read more often than the occurrences spared (`values`)."""
    text, _ = page_text(page.get_textpage(), 0)
    squeezed = compact(text)
    return any(compact(v) and squeezed.count(compact(v)) > n for v, n in values.items())


def _content_bytes(page: PageObject) -> bytes:
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(s.get_object().get_data() for s in streams)


def _clean(data: bytes) -> bytes:
    """Write the pages anew with pypdf: nothing but the pages and what their content uses."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages:
        for key in PAGE_KEYS_DROPPED:
            page.pop(key, None)
        used = set(re.findall(rb"/([^\s/\[\]<>(){}%]+)", _content_bytes(page)))
        resources = page.get("/Resources")
        if resources is not None:
            kept = DictionaryObject(resources.get_object())
            for kind in ("/XObject", "/Font"):
                if kind in kept:
                    entries = kept[kind].get_object()
                    assert isinstance(entries, DictionaryObject)
                    kept[NameObject(kind)] = DictionaryObject(
                        {k: v for k, v in entries.items() if k[1:].encode("latin-1") in used}
                    )
            page[NameObject("/Resources")] = kept
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _redact_page(
    pdf: pdfium.PdfDocument,
    layout: PageLayout,
    text: str,
    findings: Sequence[Finding],
    values: Sequence[str],
    marks: Marks,
    dpi: int,
) -> None:
    """Cut and cover what is redacted on one page; rasterise it when that is not enough.
    A reviewer's drawn regions are covered too, and the page rasterised if anything is drawn
    under one (an image, a path)."""
    spans = page_spans(layout, text, findings, values, marks.spared)
    regions = marks.regions_on(layout.number)
    if not spans and not regions:
        return
    index = layout.number - 1
    boxes = merge_boxes([s.box for s in sorted(spans, key=lambda s: s.start)])
    page = pdf[index]
    if layout.ocr or _images_under(page, boxes) or _images_under(page, regions, DRAWN):
        _rasterise(pdf, index, boxes + regions, dpi)
        return
    if spans and not _cut_text(pdf, page, {s.ref for s in spans}):
        _rasterise(pdf, index, boxes + regions, dpi)
        return
    _draw_boxes(page, boxes + regions)
    page.gen_content()
    on_page = text[layout.start : layout.end]
    left = {v: spared_count(layout, text, v, marks.spared) for v in values if v in on_page}
    if _still_there(pdf[index], left):
        _rasterise(pdf, index, boxes + regions, dpi)


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
    limits: Limits = DEFAULT_LIMITS,
    marks: Marks = NO_MARKS,
) -> bytes:
    """`marks`: a reviewer's regions and removed findings (see layout.Marks)."""
    values = redacted_values(extracted.text, findings)
    with open_pdf(document.content, limits) as pdf:
        try:
            for layout in extracted.layout:
                limits.check_deadline()
                _redact_page(pdf, layout, extracted.text, findings, values, marks, limits.ocr_dpi)
            out = io.BytesIO()
            pdf.save(out, flags=pdfium_c.FPDF_NO_INCREMENTAL)
        except pdfium.PdfiumError:
            raise CorruptDocument("the PDF could not be redacted") from None
    return _clean(out.getvalue())
