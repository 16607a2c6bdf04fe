from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("routing number 011000015", ["011000015"]),
    ("ABA: 121000358 for wires", ["121000358"]),
    ("routing number 011000016", []),
    ("reference 011000015 in the log", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "ABA_ROUTING_NUMBER") == expected
