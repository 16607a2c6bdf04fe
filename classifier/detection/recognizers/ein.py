"""US employer identification numbers (EIN): NN-NNNNNNN whose two-digit prefix is one the IRS
assigns; with a context word (EIN, employer, tax ID) or a label."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

# IRS campus prefixes; 00, 07-09, 17-19, 28-29, 49, 69-70, 78-79, 89, 96-97 are not assigned.
VALID_PREFIXES = {f"{n:02d}" for n in range(1, 100)} - {
    f"{n:02d}" for n in (7, 8, 9, 17, 18, 19, 28, 29, 49, 69, 70, 78, 79, 89, 96, 97)
}
LABEL = r"(?<=\b(?:EIN|FEIN|employer\s+identification\s+(?:no\.?|number)|tax\s+id)[\s:#.]{1,3})"


class EinRecognizer(DeclarativeRecognizer):
    ENTITY = "US_EIN"
    PATTERNS = [
        Pattern("ein labelled", LABEL + r"\d{2}-?\d{7}\b", 0.8),
        Pattern("ein", r"\b\d{2}-\d{7}\b", 0.2),
    ]
    CONTEXT = ["ein", "fein", "employer", "tax", "tin", "irs"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if pattern_text[:2] in VALID_PREFIXES else False
