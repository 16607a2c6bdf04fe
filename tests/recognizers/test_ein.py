from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("EIN: 12-3456789", ["12-3456789"]),
    ("employer tax id 45-1234567", ["45-1234567"]),
    ("EIN 07-1234567", []),
    ("room 12-3456789", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "US_EIN") == expected
