from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("he works for vista health.", ["vista health"]),
    ("HUSBAND CEO OF IBM. SMOKER", ["IBM"]),
    ("wife employed at the Kessler Institute", ["Kessler Institute"]),
    ("retired from Bethlehem Steel in 1990", ["Bethlehem Steel"]),
    ("works at night", []),
    ("retired from the hospital", []),
    ("worked for him for years", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LOCATION") == expected
