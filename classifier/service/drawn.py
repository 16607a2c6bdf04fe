"""Boxes a reviewer drew on the page view of a PDF or image, missed by detection. A box is
given in the page picture's pixels (`formats/pages.py`: every page drawn `WIDTH` wide, origin
top left), with an entity type from the policy's list. Where there is text under it (the PDF
text layer, or OCR words), it becomes a finding over that text; where there is none, an
image region painted over in the released document (`formats.layout.Region`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from classifier.errors import ReviewError
from classifier.formats.layout import PageLayout, Region
from classifier.formats.pages import WIDTH, Scale, text_under

MAX_DRAWN = 200
MIN_SIDE = 2.0  # picture pixels: a click is not a box


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Drawn:
    page: int
    box: tuple[float, float, float, float]  # picture pixels, origin top left
    entity_type: str

    @classmethod
    def parse(cls, raw: Any, types: tuple[str, ...]) -> Drawn:
        if not isinstance(raw, dict):
            raise ReviewError("a drawn box is an object with page, box and entity_type")
        page, box, entity_type = raw.get("page"), raw.get("box"), raw.get("entity_type")
        if not isinstance(page, int) or isinstance(page, bool) or page < 1:
            raise ReviewError("a drawn box's page is a page number from 1")
        if not isinstance(box, list) or len(box) != 4 or not all(_number(v) for v in box):
            raise ReviewError("a drawn box is [x0, y0, x1, y1] in the page picture's pixels")
        x0, y0, x1, y1 = (float(v) for v in box)
        left, top, right, bottom = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
        small = right - left < MIN_SIDE or bottom - top < MIN_SIDE
        if left < 0 or top < 0 or right > WIDTH or small:
            raise ReviewError(f"a drawn box lies inside the page picture ({WIDTH} pixels wide)")
        if entity_type not in types:
            raise ReviewError("entity_type must be one of the policy's entity types")
        return cls(page, (left, top, right, bottom), str(entity_type))


def parse_all(raw: Any, types: tuple[str, ...]) -> tuple[Drawn, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_DRAWN:
        raise ReviewError(f"draw is a list of at most {MAX_DRAWN} boxes")
    return tuple(Drawn.parse(item, types) for item in raw)


@dataclass(frozen=True)
class Placed:
    """Drawn boxes placed on the document: text spans (start, end, type) and regions."""

    spans: tuple[tuple[int, int, str], ...] = ()
    regions: tuple[Region, ...] = ()


def place(drawn: Sequence[Drawn], layout: Sequence[PageLayout]) -> Placed:
    """Each box as the text under it (a finding), or as a region where there is none."""
    spans: list[tuple[int, int, str]] = []
    regions: list[Region] = []
    for box in drawn:
        page = next((p for p in layout if p.number == box.page), None)
        if page is None:
            raise ReviewError(f"the document has no page {box.page} to draw on")
        x0, y0, x1, y1 = Scale.of(page).to_layout(box.box)
        inside = (max(0.0, x0), max(0.0, y0), min(page.width, x1), min(page.height, y1))
        if inside[2] <= inside[0] or inside[3] <= inside[1]:
            raise ReviewError(f"a drawn box lies outside page {box.page}")
        under = text_under(page, inside)
        if under is None:
            regions.append(Region(page.number, inside, box.entity_type))
        else:
            spans.append((under[0], under[1], box.entity_type))
    return Placed(tuple(spans), tuple(regions))
