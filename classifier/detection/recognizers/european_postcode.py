"""European postcodes: a UK postcode ("SW1A 1AA", "M1 1AE"); a Dutch one ("1012 AB
Amsterdam") or a German or French five-digit one ("Hauptstrasse 5, 10115 Berlin", "12 rue de
Rivoli, 75001 Paris") starting a line or after a comma, before a place name."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

PLACE_AFTER = r"(?=[ \t]+(?-i:[A-ZÄÖÜÉ][a-zäöüßéèêàç]+))"
LINE_START = r"(?:(?<=,[ \t])|(?<=\n)|^)"  # after the street line: a comma or a line break


class EuropeanPostcodeRecognizer(DeclarativeRecognizer):
    ENTITY = "ZIP_CODE"
    PATTERNS = [
        Pattern(
            "UK",
            r"\b(?-i:(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)[ \t]?\d[ABD-HJLNP-UW-Z]{2})\b",
            0.6,
        ),
        Pattern(
            "NL", rf"{LINE_START}(?-i:[1-9]\d{{3}}[ \t]?(?!SS|SA|SD)[A-Z]{{2}}){PLACE_AFTER}", 0.6
        ),
        Pattern("DE/FR before a place", rf"{LINE_START}\d{{5}}{PLACE_AFTER}", 0.6),
    ]
    CONTEXT = ["postcode", "post code", "postal", "address", "plz", "code postal"]
