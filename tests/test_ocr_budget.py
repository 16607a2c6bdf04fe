"""OCR stops at the document's time budget, not only at its own timeout (red team, round 7: an
image under the pixel limit took budget + ocr_timeout_s, 126 s with a 60 s budget)."""

from __future__ import annotations

import dataclasses
import time

import pytest
from PIL import Image, ImageDraw

from classifier.errors import TimeBudgetExceeded
from classifier.formats.limits import Limits
from classifier.formats.ocr import ocr_words


def _page_of_words(size: int) -> Image.Image:
    image = Image.new("L", (size, size), 255)
    draw = ImageDraw.Draw(image)
    for y in range(10, size - 20, 14):
        draw.text((10, y), "Patient Zelda Quorvinsky seen on 12/03/2024 " * 12, fill=0)
    return image


def test_ocr_ends_at_the_document_deadline() -> None:
    limits = dataclasses.replace(Limits(ocr_timeout_s=120), deadline=time.monotonic() + 1.5)
    started = time.monotonic()
    with pytest.raises(TimeBudgetExceeded):
        ocr_words(_page_of_words(3000), limits)
    assert time.monotonic() - started < 10
