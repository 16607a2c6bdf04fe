from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("92 yo female admitted", ["92"]),
    ("A 101-year-old man", ["101"]),
    ("age: 95, lives alone", ["95"]),
    ("67 YO FEMALE", []),
    ("HR 95 bpm", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "AGE") == expected
