from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("social: bill called once about 4:30am.", ["bill"]),
    ("Margie visited this afternoon", ["Margie"]),
    ("HELEN IN TO VISIT, UPDATED", ["HELEN"]),
    ("wife called twice", []),  # a relation, not a name
    ("MD called back", []),
    ("peg at bedside", []),  # a given name that is clinical vocabulary
    ("will call back", []),
    ("Pt called out for help", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "PERSON") == expected
