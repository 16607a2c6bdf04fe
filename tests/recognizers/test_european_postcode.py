from __future__ import annotations

import pytest

from classifier.detection.recognizers.european_postcode import EuropeanPostcodeRecognizer

CASES = [
    ("Send it to 10 Downing Street, London SW1A 1AA please.", ["SW1A 1AA"]),
    ("Manchester M1 1AE", ["M1 1AE"]),
    ("Our office: Herengracht 182, 1012 AB Amsterdam.", ["1012 AB"]),
    ("Anschrift: Hauptstrasse 5, 10115 Berlin.", ["10115"]),
    ("Adresse : 12 rue de Rivoli, 75001 Paris.", ["75001"]),
    # not postcodes
    ("Order 10115 shipped to Berlin.", []),
    ("In 2024 AB Volvo reported", []),
    ("sw1a 1aa", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(EuropeanPostcodeRecognizer().analyze(text, ["ZIP_CODE"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
