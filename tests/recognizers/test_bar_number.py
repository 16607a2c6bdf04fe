from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Jane Roe, Esq. (Bar No. 123456)", ["123456"]),
    ("State Bar # CA245187", ["CA245187"]),
    ("the bar was closed", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "BAR_NUMBER") == expected
