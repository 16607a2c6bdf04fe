from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("92 yo female admitted", ["92"]),
    ("A 101-year-old man", ["101"]),
    ("age: 95, lives alone", ["95"]),
    ("Mr Lim is ninety-one and hard of hearing", ["ninety-one"]),
    ("a ninety-four-year-old woman", ["ninety-four"]),
    ("aged one hundred and two", ["one hundred and two"]),
    ("she's 90 on Sunday", ["90"]),
    ("la abuela ya tiene 92 años", ["92"]),
    ("sat is 92% on RA", []),
    ("the risk is ninety percent", []),
    ("67 YO FEMALE", []),
    ("HR 95 bpm", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "AGE") == expected
