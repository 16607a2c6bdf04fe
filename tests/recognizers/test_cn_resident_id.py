from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("holder 11010519491231002X, Beijing", ["11010519491231002X"]),
    ("card 110101199003074477", ["110101199003074477"]),
    ("card 110101199003074478", []),  # check character fails
    ("身份证号：110101199003074478", ["110101199003074478"]),  # labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "NATIONAL_ID") == expected
