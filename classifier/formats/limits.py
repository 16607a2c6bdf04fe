"""Limits on what one document may cost: pages, pixels, uncompressed size, nesting of
attachments, output size, time, OCR settings.

The values come from the settings table (`max_pages`, `max_image_pixels`, ...): the pipeline
holds a `Limits` built by `Limits.from_settings(settings)` and passes it to every extractor and
redactor (no module state). The defaults are the settings' defaults.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from classifier.errors import TimeBudgetExceeded


@dataclass(frozen=True)
class Limits:
    max_pages: int = 500
    max_image_pixels: int = 90_000_000
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: int = 100
    max_attachment_depth: int = 5
    max_output_bytes: int = 200 * 1024 * 1024
    max_document_seconds: float = 300
    ocr_language: str = "eng"
    ocr_dpi: int = 200
    ocr_timeout_s: int = 120

    # time.monotonic() by which the document must be done (set per document by the pipeline;
    # None: no deadline). Long loops (pages, OCR) call `check_deadline`.
    deadline: float | None = None

    def started_now(self) -> Limits:
        """These limits with the deadline `max_document_seconds` from now."""
        return replace(self, deadline=time.monotonic() + self.max_document_seconds)

    def seconds_left(self, cap: float) -> float:
        """`cap`, or less where the document's deadline comes sooner (at least a second)."""
        if self.deadline is None:
            return cap
        return max(1.0, min(cap, self.deadline - time.monotonic()))

    def check_deadline(self) -> None:
        """TimeBudgetExceeded when the document's deadline has passed."""
        if self.deadline is not None and time.monotonic() >= self.deadline:
            raise TimeBudgetExceeded(f"over the time budget of {self.max_document_seconds} seconds")

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Limits:
        """The limits in `settings` (keys the settings table lacks keep their default)."""
        names = {f.name for f in fields(cls)} - {"deadline"}
        return cls(**{k: settings[k] for k in names if k in settings})


DEFAULT_LIMITS = Limits()
