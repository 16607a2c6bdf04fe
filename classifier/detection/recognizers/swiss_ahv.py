"""Swiss social security numbers (AHV / AVS): 756, then ten digits, in dotted groups
("756.9217.0769.85") or compact; the last digit is an EAN-13 check digit, validated."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer


def ean13_ok(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return len(digits) == 13 and (10 - total % 10) % 10 == digits[12]


class SwissAhvRecognizer(DeclarativeRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS = [
        Pattern("ahv", r"(?<![\w.])756([. ]?)\d{4}\1\d{4}\1\d{2}(?![\w]|\.\d)", 0.5),
    ]
    CONTEXT = ["ahv", "avs", "sozialversicherung", "assurance", "social"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return ean13_ok(pattern_text)
