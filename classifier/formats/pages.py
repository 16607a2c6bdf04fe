"""Pages of a PDF or an image as pictures, for the reviewer's page view: a page rendered on
the server (PDFium for PDFs) and, on the original, each finding's redaction box outlined and
named by its entity type. Nothing leaves the server but the PNG."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from classifier.errors import NotFound
from classifier.formats.image import frames, open_image
from classifier.formats.layout import PageLayout
from classifier.formats.limits import Limits
from classifier.formats.pdf import open_pdf
from classifier.stages import ingest

PAGED = (ingest.PDF, ingest.PNG, ingest.JPEG, ingest.TIFF)
WIDTH = 1000  # pixels: every page is drawn this wide
OUTLINE = "#b00020"


def page_count(content: bytes, media_type: str, limits: Limits) -> int:
    if media_type == ingest.PDF:
        with open_pdf(content, limits) as pdf:
            return len(pdf)
    if media_type in PAGED:
        return int(getattr(open_image(content, limits), "n_frames", 1))
    return 0


@dataclass(frozen=True)
class Scale:
    """From a page's layout boxes to the picture's pixels. `pdf_height`: a PDF page's
    height in points (PDF space has its origin bottom left); None for images."""

    factor: float
    pdf_height: float | None = None

    @classmethod
    def of(cls, page: PageLayout) -> Scale:
        return cls(WIDTH / page.width, page.height if page.unit == "pt" else None)

    def to_layout(self, box: Sequence[float]) -> tuple[float, float, float, float]:
        """A box drawn on the picture (pixels) in the page layout's units."""
        x0, y0, x1, y1 = (v / self.factor for v in box)
        if self.pdf_height is None:
            return x0, y0, x1, y1
        return x0, self.pdf_height - y1, x1, self.pdf_height - y0

    def to_pixels(self, box: Sequence[float]) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = (v * self.factor for v in box)
        if self.pdf_height is None:
            return x0, y0, x1, y1
        top = self.pdf_height * self.factor
        return x0, top - y1, x1, top - y0


def _page(
    content: bytes, media_type: str, number: int, limits: Limits
) -> tuple[Image.Image, Scale]:
    """The page as an RGB image `WIDTH` wide, and how its layout's boxes map onto it."""
    if media_type == ingest.PDF:
        with open_pdf(content, limits) as pdf:
            if not 1 <= number <= len(pdf):
                raise NotFound(f"page {number}")
            page = pdf[number - 1]
            width, height = page.get_size()
            image = page.render(scale=WIDTH / width).to_pil().convert("RGB")
            return image, Scale(WIDTH / width, height)
    for i, frame in enumerate(frames(open_image(content, limits), limits), 1):
        if i == number:
            factor = WIDTH / frame.width
            size = (WIDTH, max(1, round(frame.height * factor)))
            return frame.convert("RGB").resize(size), Scale(factor)
    raise NotFound(f"page {number}")


def page_png(
    content: bytes,
    media_type: str,
    number: int,
    limits: Limits,
    boxes: Sequence[tuple[Sequence[float], str]] = (),
    colours: Mapping[str, str] | None = None,
) -> bytes:
    """Page `number` (1-based) as PNG; `boxes` (box, entity type) outlined and named."""
    if media_type not in PAGED:
        raise NotFound("this document has no pages to show")
    image, scale = _page(content, media_type, number, limits)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=14)
    for box, entity_type in boxes:
        x0, y0, x1, y1 = scale.to_pixels(box)
        colour = (colours or {}).get(entity_type, OUTLINE)
        draw.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), outline=OUTLINE, width=3)
        label = (x0, max(0, y0 - 18))
        draw.rectangle(draw.textbbox(label, entity_type, font=font), fill=colour)
        draw.text(label, entity_type, fill="#111111", font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def boxes_on_page(record: Mapping[str, Any], number: int) -> list[tuple[list[float], str]]:
    """(box, entity type) of each finding of a stored result drawn on page `number`."""
    out = []
    for finding, where in zip(
        record.get("findings", []), record.get("locations", []), strict=False
    ):
        if where.get("page") == number:
            out += [(box, str(finding["entity_type"])) for box in where.get("boxes", [])]
    return out


def text_under(page: PageLayout, box: Sequence[float]) -> tuple[int, int] | None:
    """The text offsets (start, end) of what `box` (in the layout's units) covers, or None."""
    x0, y0, x1, y1 = box
    left, right, low, high = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    under = [
        s for s in page.spans
        if s.box[0] < right and left < s.box[2] and s.box[1] < high and low < s.box[3]
    ]  # fmt: skip
    if not under:
        return None
    return min(s.start for s in under), max(s.end for s in under)


def span_under(layout: Sequence[PageLayout], number: int, box: Sequence[float]) -> tuple[int, int]:
    """The text offsets (start, end) of what a box drawn on page `number`'s picture covers."""
    page = next((p for p in layout if p.number == number), None)
    if page is None:
        raise NotFound(f"page {number} has no text")
    found = text_under(page, Scale.of(page).to_layout(box))
    if found is None:
        raise NotFound("no text under the box")
    return found


def page_boxes(
    record: Mapping[str, Any], sizes: Sequence[tuple[float, float, str]]
) -> list[dict[str, Any]]:
    """Each finding's boxes on its page in picture pixels (what the reviewer accepts or
    removes): {finding (its index), start, end, entity_type, page, boxes}."""
    out = []
    for i, (finding, where) in enumerate(
        zip(record.get("findings", []), record.get("locations", []), strict=False)
    ):
        number = where.get("page")
        if not where.get("boxes") or not isinstance(number, int) or number > len(sizes):
            continue
        width, height, unit = sizes[number - 1]
        scale = Scale(WIDTH / width, height if unit == "pt" else None)
        out.append(
            {
                "finding": i,
                "start": finding["start"],
                "end": finding["end"],
                "entity_type": finding["entity_type"],
                "page": number,
                "boxes": [[round(v, 1) for v in scale.to_pixels(b)] for b in where["boxes"]],
            }
        )
    return out


def page_sizes(content: bytes, media_type: str, limits: Limits) -> list[tuple[float, float, str]]:
    """(width, height, unit) of each page: points for a PDF, pixels for an image."""
    if media_type == ingest.PDF:
        with open_pdf(content, limits) as pdf:
            return [(*pdf[i].get_size(), "pt") for i in range(len(pdf))]
    if media_type in PAGED:
        return [(f.width, f.height, "px") for f in frames(open_image(content, limits), limits)]
    return []
