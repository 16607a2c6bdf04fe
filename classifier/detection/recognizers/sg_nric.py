"""Singapore NRIC and FIN numbers: S, T, F or G, seven digits and a check letter
("S1234567D"), validated (weights 2 7 6 5 4 3 2, plus 4 for T and G)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK"}


def check_letter_ok(value: str) -> bool:
    value = value.upper()
    total = sum(int(c) * w for c, w in zip(value[1:8], WEIGHTS, strict=True))
    total += 4 if value[0] in "TG" else 0
    return LETTERS[value[0]][total % 11] == value[8]


class SingaporeNricRecognizer(DeclarativeRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS = [Pattern("nric", r"(?-i:\b[STFG]\d{7}[A-Z]\b)", 0.5)]
    CONTEXT = ["nric", "fin", "identity", "ic"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return check_letter_ok(pattern_text)
