from __future__ import annotations

import pytest

from classifier.detection.recognizers.weekday import WeekdayRecognizer

CASES = [
    ("son Eddie flying in Thursday.", ["Thursday"]),
    ("family meeting set for Sat 1400", ["Sat"]),
    ("first appt Thurs 6/13 2 PM", ["Thurs"]),
    ("Call recd Mon. from the clinic", ["Mon"]),
    # not a weekday: lower case (saturation), capitals, a name's possessive
    ("sat 95% on 2L", []),
    ("SAT scores and MONDAY", []),
    ("at Sun's office", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(WeekdayRecognizer().analyze(text, ["DATE_TIME"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
