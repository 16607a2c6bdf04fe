"""Ages over 89 (HIPAA Safe Harbor keeps younger ages): "92 yo", "age 95", "101-year-old", and
spelled: "is ninety-one", "a ninety-four-year-old"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

AGE = r"(?:9\d|1[0-2]\d)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
SPELLED = (
    rf"(?:ninety(?:[- ]{_UNITS})?|(?:one|a)[ ]hundred(?:[ ](?:and[ ])?(?:{_UNITS}|ten|twenty))?)"
)
PATTERNS = [
    Pattern(
        "age before unit",
        rf"\b{AGE}(?=\s?-?\s?(?:y/?o\b|yo\b|y\.o\.|yrs?\b|years?\b|year-old|-year))",
        0.7,
    ),
    Pattern("age after label", rf"(?<=\b(?:age|aged)[\s:]{{1,3}}){AGE}\b", 0.7),
    # "she's 90", "Grandma will be 90", "la abuela ya tiene 90": not "sat is 92", "HR 95"
    Pattern(
        "age after a person's verb",
        rf"(?<=\b(?:she's|he's|she[ ]is|he[ ]is|will[ ]be|turns|turned|turning|tiene|cumple|"
        rf"faz|fez|wird|fête)[ ]){AGE}\b(?![ \t]*(?:%|percent|/|[.,]\d))",
        0.7,
    ),
    Pattern(
        "spelled age before unit",
        rf"\b{SPELLED}(?=[ -](?:years?[ -]old|-year|years of age|yrs?\b|y/?o\b))",
        0.7,
    ),
    Pattern(
        "spelled age after is or aged",
        rf"(?<=\b(?:is|was|aged|age|turned|turns|turning|now)[ ]){SPELLED}\b"
        rf"(?![ -](?:percent|per|%|minutes?|mins?|miles?|km|dollars|pounds|euros|degrees|days|"
        rf"beats|mg|kg|lbs?|feet|metres|meters|seconds|times|pages)\b)",
        0.7,
    ),
]


class AgeOver89Recognizer(DeclarativeRecognizer):
    ENTITY = "AGE"
    PATTERNS = PATTERNS
    CONTEXT = ["age", "aged", "old", "yo"]

    def validate_result(self, pattern_text: str) -> bool | None:
        if not pattern_text.isdigit():
            return None  # spelled: ninety and over by its pattern
        return 90 <= int(pattern_text) <= 129
