"""Images (PNG, JPEG, multi-page TIFF) through OCR: the words Tesseract reads, and where.

Pillow (MIT-CMU licence) decodes; an image (or TIFF frame) over the `max_image_pixels`
setting is refused from its header, before it is decoded (decompression bombs).

Redaction (`redact`):
Redacted image: opaque boxes painted into the pixels over the words OCR matched, then a
second OCR pass over the painted page paints any word still reading as a redacted one; saved in
the original format (a multi-page TIFF stays one) with no metadata (EXIF, XMP, text chunks)
and no text layer.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Sequence

from PIL import Image, ImageDraw, ImageSequence, UnidentifiedImageError

from classifier.document import Document, Extracted, Finding
from classifier.errors import CorruptDocument, DocumentTooLarge
from classifier.formats.layout import (
    NO_MARKS,
    Box,
    Marks,
    PageLayout,
    merge_boxes,
    page_spans,
    redacted_values,
    spans_in,
)
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.ocr import ocr_words, words_to_text

PAGE_SEPARATOR = "\n\n"


def open_image(content: bytes, limits: Limits) -> Image.Image:
    """The image, header read; over `max_image_pixels` is refused before decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:
        raise DocumentTooLarge("the image is over the pixel limit (decompression bomb?)") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptDocument(f"the image could not be read ({type(exc).__name__})") from None
    if image.width * image.height > limits.max_image_pixels:
        raise DocumentTooLarge(
            f"{image.width}x{image.height} pixels is over the limit of {limits.max_image_pixels}"
        )
    return image


def frames(image: Image.Image, limits: Limits) -> Iterator[Image.Image]:
    """Each page (TIFF frame) decoded, at most `max_pages` of them."""
    count = getattr(image, "n_frames", 1)
    if count > limits.max_pages:
        raise DocumentTooLarge(f"{count} pages is over the limit of {limits.max_pages}")
    try:
        for frame in ImageSequence.Iterator(image):
            if frame.width * frame.height > limits.max_image_pixels:
                raise DocumentTooLarge(f"a {frame.width}x{frame.height} frame is over the limit")
            frame.load()
            yield frame.copy()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise CorruptDocument(f"the image could not be decoded ({type(exc).__name__})") from None


def for_ocr(frame: Image.Image) -> Image.Image:
    return frame if frame.mode in ("1", "L", "RGB") else frame.convert("RGB")


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    texts: list[str] = []
    layout: list[PageLayout] = []
    pos = 0
    for number, frame in enumerate(frames(open_image(document.content, limits), limits), 1):
        if texts:
            pos += len(PAGE_SEPARATOR)
        words = ocr_words(for_ocr(frame), limits)
        text, spans = words_to_text(words, pos)
        layout.append(
            PageLayout(
                number, pos, pos + len(text), frame.width, frame.height, "px", True, tuple(spans)
            )
        )
        texts.append(text)
        pos += len(text)
    return Extracted(text=PAGE_SEPARATOR.join(texts), pages=len(layout), layout=tuple(layout))


PAD = 2  # pixels around a word box
MIN_RECHECK_CHARS = 3  # shorter words are OCR noise more often than a value
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "TIFF": "image/tiff"}


def _black(image: Image.Image) -> int | tuple[int, ...]:
    return (0,) * len(image.getbands()) if len(image.getbands()) > 1 else 0


def still_legible(frame: Image.Image, values: Sequence[str], limits: Limits) -> list[Box]:
    """A second look: OCR the painted page again and return the boxes of words that still read
    as a word of a redacted value (Tesseract may read a word on the painted page that it read
    differently, or not at all, on the original)."""
    words = {
        w.lower() for v in values for w in re.findall(r"\w+", v) if len(w) >= MIN_RECHECK_CHARS
    }
    if not words:
        return []
    return [
        word.box
        for word in ocr_words(frame, limits)
        if any(part.lower() in words for part in re.findall(r"\w+", word.text))
    ]


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
    limits: Limits = DEFAULT_LIMITS,
    marks: Marks = NO_MARKS,
) -> tuple[bytes, str]:
    """`marks`: a reviewer's regions (painted) and removed findings (never painted)."""
    original = open_image(document.content, limits)
    fmt = original.format if original.format in FORMATS else "PNG"
    values = redacted_values(extracted.text, findings)
    pages: list[Image.Image] = []
    spared: list[list[Box]] = []
    for layout, frame in zip(extracted.layout, frames(original, limits), strict=False):
        if frame.mode not in ("1", "L", "RGB", "RGBA", "CMYK"):
            frame = frame.convert("RGB")
        found = page_spans(layout, extracted.text, findings, values, marks.spared)
        spans = sorted(found, key=lambda s: s.start)
        draw = ImageDraw.Draw(frame)
        boxes = merge_boxes([s.box for s in spans]) + marks.regions_on(layout.number)
        for x0, y0, x1, y1 in boxes:
            draw.rectangle((x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD), fill=_black(frame))
        pages.append(frame)
        spared.append([s.box for a, b in marks.spared for s in spans_in(layout, a, b)])
    if fmt == "JPEG" and pages[0].mode not in ("L", "RGB", "CMYK"):
        pages[0] = pages[0].convert("RGB")
    encoded = _encode(pages, fmt)
    # the second look reads the file as it will be read: JPEG artefacts change what OCR sees
    decoded = [for_ocr(f).copy() for f in frames(open_image(encoded, limits), limits)]
    for page, seen, kept in zip(pages, decoded, spared, strict=False):
        draw = ImageDraw.Draw(page)
        for x0, y0, x1, y1 in still_legible(seen, values, limits):
            if any(x0 < k[2] and k[0] < x1 and y0 < k[3] and k[1] < y1 for k in kept):
                continue  # a word of a finding the reviewer removed
            draw.rectangle((x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD), fill=_black(page))
    return _encode(pages, fmt), FORMATS[fmt]


def _encode(pages: list[Image.Image], fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "TIFF":
        pages[0].save(
            out, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate"
        )
    elif fmt == "JPEG":
        pages[0].save(out, format="JPEG", quality=90)
    else:
        pages[0].save(out, format="PNG")
    return out.getvalue()
