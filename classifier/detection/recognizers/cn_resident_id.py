"""Chinese resident identity card numbers: six digits of the place, the birth date (YYYYMMDD),
three digits and an ISO 7064 MOD 11-2 check character ("11010519491231002X"), validated."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECKS = "10X98765432"


def check_ok(value: str) -> bool:
    total = sum(int(c) * w for c, w in zip(value[:17], WEIGHTS, strict=True))
    return CHECKS[total % 11] == value[17].upper()


class ChineseResidentIdRecognizer(DeclarativeRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS = [
        Pattern(
            "resident id",
            r"(?<![\w-])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
            r"\d{3}[\dXx](?![\w-])",
            0.5,
        )
    ]
    CONTEXT = ["resident", "identity", "id", "身份证", "card"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return check_ok(pattern_text)
