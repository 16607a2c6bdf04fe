from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("S/P DIALYSIS 8/18.", ["8/18"]),
    ("SHE PRESENTED 6/29/85 FOR SOB", ["6/29/85"]),
    ("seen 4-13-95 in clinic", ["4-13-95"]),
    ("CAD/SEMI 8/84;HTN/INCREASED LIPIDS", ["8/84"]),  # a month and a past year
    ("seen 1/25 in clinic, d/c 1/30", ["1/25", "1/30"]),  # not the fraction 1/2 or 1/3
    ("admitted in sept. and d/c'd to rehab", ["sept."]),
    ("Are you around the weekend of the 7th? Mum", ["7th"]),
    ("Yes to the 7th! Happy", ["7th"]),
    ("repair on July 2nd with", ["July 2nd"]),
    ("5/5 STRENGTH, PS 10/5, ABG 7.35/42/98", []),
    ("He returned to OR on 7-8 for coiling", ["7-8"]),
    ("pt on 2-3L NC, on 2-3 L nc, on 4-5 units, on 2-3 pressors", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "DATE_TIME") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("drawn from A-line on the 11th. One set", ["11th"]),
        ("transferred on the 2nd floor on the 3rd day", []),  # (spaCy's NER has "the 3rd day")
    ],
)
def test_an_ordinal_day_after_on_the(text: str, expected: list[str]) -> None:
    from classifier.detection.recognizers.clinical_date import ClinicalDateRecognizer

    found = ClinicalDateRecognizer().analyze(text, ["DATE_TIME"])
    assert [text[r.start : r.end] for r in found if r.score >= 0.4] == expected
