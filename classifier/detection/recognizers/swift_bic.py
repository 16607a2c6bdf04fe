"""SWIFT/BIC codes: 4 bank letters, an ISO 3166 country, 2 location characters and an optional
3-character branch, in capitals. Needs a context word (swift, bic) or a label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.base import DeclarativeRecognizer

COUNTRIES = frozenset(data_lines("swift_countries.txt"))  # ISO 3166-1 alpha-2, and XK
BIC = r"(?-i:\b[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b)"
# Unlabelled, only with a digit in the location or branch: all-letter codes look like words
# ("ADMITTED", "ELEVATED" in upper-case notes).
BIC_WITH_DIGIT = (
    r"(?-i:\b[A-Z]{4}[A-Z]{2}(?=[A-Z0-9]{2,5}\b[A-Z]*)(?=[A-Z]*\d)[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b)"
)
LABEL = r"(?<=\b(?:swift|bic)(?:\s*(?:/\s*bic|code|address))?[\s:#.]{1,3})"


class SwiftBicRecognizer(DeclarativeRecognizer):
    ENTITY = "SWIFT_CODE"
    PATTERNS = [
        Pattern("bic labelled", LABEL + BIC, 0.8),
        Pattern("bic (weak)", BIC_WITH_DIGIT, 0.05),
    ]
    CONTEXT = ["swift", "bic"]  # not "bank" or "wire": blood bank, pacing wire in notes

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if pattern_text[4:6] in COUNTRIES else False
