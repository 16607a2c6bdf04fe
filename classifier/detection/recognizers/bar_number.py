"""Attorney bar numbers, labelled "Bar No." / "State Bar #" / "Bar ID"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = r"(?<=\bbar\s*(?:no\.?|number|#|id)[\s:#.]{1,3})"


class BarNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "BAR_NUMBER"
    PATTERNS = [Pattern("bar labelled", LABEL + r"[A-Z]{0,2}\d{4,9}\b", 0.85)]
    CONTEXT = ["bar", "attorney", "counsel", "esq"]
