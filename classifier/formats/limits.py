"""Limits on what one document may cost: pages, pixels, uncompressed size, OCR settings.

The values come from the settings table (`max_pages`, `max_image_pixels`, ...);
`configure(settings)` is called once when a pipeline is built from settings, and the
extractors and redactors read `current()`. The defaults are the settings' defaults.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Limits:
    max_pages: int = 500
    max_image_pixels: int = 90_000_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 100
    ocr_language: str = "eng"
    ocr_dpi: int = 200
    ocr_timeout_s: int = 120


_current = Limits()


def current() -> Limits:
    return _current


def configure(settings: Mapping[str, Any]) -> Limits:
    """Take the limits from settings (keys the settings table lacks keep their default)."""
    global _current
    names = {f.name for f in fields(Limits)}
    _current = Limits(**{k: settings[k] for k in names if k in settings})
    return _current
