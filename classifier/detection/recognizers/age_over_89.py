"""Ages over 89 (HIPAA Safe Harbor keeps younger ages): "92 yo", "age 95", "101-year-old"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

AGE = r"(?:9\d|1[0-2]\d)"
PATTERNS = [
    Pattern(
        "age before unit",
        rf"\b{AGE}(?=\s?-?\s?(?:y/?o\b|yo\b|y\.o\.|yrs?\b|years?\b|year-old|-year))",
        0.7,
    ),
    Pattern("age after label", rf"(?<=\b(?:age|aged)[\s:]{{1,3}}){AGE}\b", 0.7),
]


class AgeOver89Recognizer(DeclarativeRecognizer):
    ENTITY = "AGE"
    PATTERNS = PATTERNS
    CONTEXT = ["age", "aged", "old", "yo"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return 90 <= int(pattern_text) <= 129
