"""Italian tax codes (codice fiscale) of people: six letters of the name, the year, a month
letter, the day (plus 40 for women), the place code and a check letter ("RSSMRA85T10A562S");
the check letter is validated."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

_ODD = dict(zip("0123456789", (1, 0, 5, 7, 9, 13, 15, 17, 19, 21), strict=True)) | dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (
            1,
            0,
            5,
            7,
            9,
            13,
            15,
            17,
            19,
            21,
            2,
            4,
            18,
            20,
            11,
            3,
            6,
            8,
            12,
            14,
            16,
            10,
            22,
            25,
            24,
            23,
        ),
        strict=True,
    )
)


def _even(c: str) -> int:
    return int(c) if c.isdigit() else ord(c) - ord("A")


def check_letter_ok(code: str) -> bool:
    code = code.upper()
    total = sum(_ODD[c] if i % 2 == 0 else _even(c) for i, c in enumerate(code[:15]))
    return chr(ord("A") + total % 26) == code[15]


class CodiceFiscaleRecognizer(DeclarativeRecognizer):
    ENTITY = "NATIONAL_ID"
    PATTERNS = [
        Pattern(
            "codice fiscale",
            r"(?-i:\b[A-Z]{6}\d{2}[ABCDEHLMPRST][0-7]\d[A-Z]\d{3}[A-Z]\b)",
            0.5,
        )
    ]
    CONTEXT = ["codice", "fiscale", "cf", "tax"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return check_letter_ok(pattern_text)
