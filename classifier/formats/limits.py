"""Limits on what one document may cost: pages, pixels, uncompressed size, OCR settings.

The values come from the settings table (`max_pages`, `max_image_pixels`, ...): the pipeline
holds a `Limits` built by `Limits.from_settings(settings)` and passes it to every extractor and
redactor (no module state). The defaults are the settings' defaults.
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

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Limits:
        """The limits in `settings` (keys the settings table lacks keep their default)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: settings[k] for k in names if k in settings})


DEFAULT_LIMITS = Limits()
