"""Spanish identity numbers: the DNI (eight digits and a letter, "12345678Z") and the NIE of
foreign residents (X, Y or Z, seven digits, a letter, "X1234567L"), with or without dashes;
the letter is the checksum (the number modulo 23) and is validated."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_letter_ok(value: str) -> bool:
    chars = value.upper().replace("-", "").replace(" ", "")
    digits = str("XYZ".index(chars[0])) + chars[1:-1] if chars[0] in "XYZ" else chars[:-1]
    return LETTERS[int(digits) % 23] == chars[-1]


class SpanishDniRecognizer(DeclarativeRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS = [
        Pattern("dni", r"(?-i:(?<![\w-])\d{8}[- ]?[A-Z](?![\w-]))", 0.5),
        Pattern("nie", r"(?-i:(?<![\w-])[XYZ]-?\d{7}-?[A-Z](?![\w-]))", 0.5),
    ]
    CONTEXT = ["dni", "nie", "nif", "documento", "identidad"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return dni_letter_ok(pattern_text)
