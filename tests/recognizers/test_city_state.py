from __future__ import annotations

import pytest

from classifier.detection.recognizers.city_state import CityStateRecognizer

CASES = [
    ("Daughter drove up from Dover, Delaware last night.", ["Dover, Delaware"]),
    ("DTR FROM ELLICOTT CITY, MARYLAND VISITED", ["ELLICOTT CITY, MARYLAND"]),
    ("wife is from Marlow Heights, MD and will visit", ["Marlow Heights"]),
    ("Ship to: Lake Ives, IN 46201", ["Lake Ives, IN"]),
    ("Placed, OR at 3", []),  # a code that is a word: a state only before a ZIP code
    ("Heparin, IN progress", []),
    ("PLAN: WEAN, MD AWARE", []),  # capitals before a postal code: a word, not a city
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    """The recognizer alone (spaCy's NER, which the test detector runs, finds some of these
    cities too)."""
    found = sorted(CityStateRecognizer().analyze(text, ["LOCATION"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found if r.score >= 0.4] == expected
