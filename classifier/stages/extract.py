"""Extract: the document's text (and child documents), by media type (classifier.formats)."""

from __future__ import annotations

from classifier.formats import extract

__all__ = ["extract"]
