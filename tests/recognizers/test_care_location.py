from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("PLAN: TRANSFER TO QUARTERMAIN 2 IN AM", ["QUARTERMAIN"]),
    ("was transferred to GH for treatment", ["GH"]),
    ("TRANSFER TO CCU TODAY", []),
    ("went to the floor", []),
    ("social: lives alone in white amrsh, daughter", ["white amrsh"]),
    ("arrived with Rn from the VA in Balt", ["Balt"]),
    ("a nursing home in Towson", ["Towson"]),
    ("in the hospital in bed", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LOCATION") == expected
