"""Redacted image: opaque boxes painted into the pixels over the words OCR matched; saved in
the original format (a multi-page TIFF stays one) with no metadata (EXIF, XMP, text chunks)
and no text layer."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from classifier.document import Document, Extracted, Finding
from classifier.extractors.image import frames, open_image
from classifier.layout import merge_boxes, page_spans, redacted_values

PAD = 2  # pixels around a word box
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "TIFF": "image/tiff"}


def _black(image: Image.Image) -> int | tuple[int, ...]:
    return (0,) * len(image.getbands()) if len(image.getbands()) > 1 else 0


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
) -> tuple[bytes, str]:
    original = open_image(document.content)
    fmt = original.format if original.format in FORMATS else "PNG"
    values = redacted_values(extracted.text, findings)
    pages: list[Image.Image] = []
    for layout, frame in zip(extracted.layout, frames(original), strict=False):
        if frame.mode not in ("1", "L", "RGB", "RGBA", "CMYK"):
            frame = frame.convert("RGB")
        spans = sorted(page_spans(layout, extracted.text, findings, values), key=lambda s: s.start)
        draw = ImageDraw.Draw(frame)
        for x0, y0, x1, y1 in merge_boxes([s.box for s in spans]):
            draw.rectangle((x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD), fill=_black(frame))
        pages.append(frame)
    if fmt == "JPEG" and pages[0].mode not in ("L", "RGB", "CMYK"):
        pages[0] = pages[0].convert("RGB")
    out = io.BytesIO()
    if fmt == "TIFF":
        pages[0].save(
            out, format="TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate"
        )
    elif fmt == "JPEG":
        pages[0].save(out, format="JPEG", quality=90)
    else:
        pages[0].save(out, format="PNG")
    return out.getvalue(), FORMATS[fmt]
