"""Where the text of a paginated document sits: per page, the offsets of its text in the
extracted text and the boxes of its characters (PDF text) or words (OCR).

Boxes are `(x0, y0, x1, y1)`: in PDF points, PDF user space (origin bottom left), for PDF
pages; in pixels (origin top left) for images.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from classifier.document import Finding

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Span:
    """Extracted text[start:end] is drawn inside `box`; `ref` is the PDF character index."""

    start: int
    end: int
    box: Box
    ref: int = -1


@dataclass(frozen=True)
class PageLayout:
    number: int  # 1-based
    start: int  # offsets of this page's text in the extracted text
    end: int
    width: float
    height: float
    unit: str  # "pt" or "px"
    ocr: bool
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Region:
    """A box a reviewer drew where there is no text: painted over, whatever lies under it.
    `box` is in the page layout's units (PDF points from the bottom left, or pixels)."""

    page: int
    box: Box
    entity_type: str


@dataclass(frozen=True)
class Marks:
    """A reviewer's marks on the pages: regions to paint, and the text ranges of findings the
    reviewer removed, which the search for other occurrences of a redacted value spares."""

    regions: tuple[Region, ...] = ()
    spared: tuple[tuple[int, int], ...] = ()

    def regions_on(self, number: int) -> list[Box]:
        return [r.box for r in self.regions if r.page == number]


NO_MARKS = Marks()


def page_of(layout: tuple[PageLayout, ...], offset: int) -> PageLayout | None:
    for page in layout:
        if page.start <= offset < page.end or (page.start == page.end == offset):
            return page
    return None


def spans_in(page: PageLayout, start: int, end: int) -> list[Span]:
    return [s for s in page.spans if s.start < end and start < s.end]


def merge_boxes(boxes: list[Box]) -> list[Box]:
    """Adjacent boxes on one line become one box (fewer, larger rectangles)."""
    merged: list[list[float]] = []
    for x0, y0, x1, y1 in boxes:
        if merged:
            m = merged[-1]
            height = max(m[3] - m[1], y1 - y0, 1.0)
            same_line = min(m[3], y1) - max(m[1], y0) > 0  # the boxes overlap vertically
            if same_line and -height < x0 - m[2] < height:
                m[0], m[1], m[2], m[3] = min(m[0], x0), min(m[1], y0), max(m[2], x1), max(m[3], y1)
                continue
        merged.append([x0, y0, x1, y1])
    return [(m[0], m[1], m[2], m[3]) for m in merged]


def locate(layout: tuple[PageLayout, ...], start: int, end: int) -> dict[str, Any]:
    """`{"page": n, "boxes": [...], "unit": ...}` for a finding; page 1 without a layout."""
    page = page_of(layout, start)
    if page is None:
        return {"page": 1}
    boxes = merge_boxes([s.box for s in spans_in(page, start, end)])
    return {
        "page": page.number,
        "boxes": [[round(v, 2) for v in b] for b in boxes],
        "unit": page.unit,
    }


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def redacted_values(text: str, findings: Sequence[Finding]) -> list[str]:
    """The distinct redacted values, longest first (one character alone is not searched)."""
    values = {text[f.start : f.end].strip() for f in findings}
    return sorted((v for v in values if len(compact(v)) >= 2), key=len, reverse=True)


def page_spans(
    page: PageLayout,
    text: str,
    findings: Sequence[Finding],
    values: Sequence[str],
    spared: Sequence[tuple[int, int]] = (),
) -> list[Span]:
    """The page's spans under a finding or under another occurrence of a redacted value
    (except an occurrence inside a `spared` range: a finding a reviewer removed)."""
    ranges = [(f.start, f.end) for f in findings if f.start < page.end and page.start < f.end]
    on_page = text[page.start : page.end]
    for value in values:
        start = on_page.find(value)
        while start != -1:
            a, b = page.start + start, page.start + start + len(value)
            if not any(x < b and a < y for x, y in spared):
                ranges.append((a, b))
            start = on_page.find(value, start + 1)
    return [s for s in page.spans if any(a < s.end and s.start < b for a, b in ranges)]


def spared_count(page: PageLayout, text: str, value: str, spared: Sequence[tuple[int, int]]) -> int:
    """How many occurrences of `value` on `page` lie in a spared range (they stay)."""
    on_page, count = text[page.start : page.end], 0
    start = on_page.find(value)
    while start != -1:
        a, b = page.start + start, page.start + start + len(value)
        count += any(x < b and a < y for x, y in spared)
        start = on_page.find(value, start + 1)
    return count
