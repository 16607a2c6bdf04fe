from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Versicherter 756.9217.0769.85, Bern", ["756.9217.0769.85"]),
    ("no. 7569217076985", ["7569217076985"]),
    ("ref 756.1234.5678.90", []),  # check digit fails
    ("AHV-Nr. 756.1234.5678.90", ["756.1234.5678.90"]),  # labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "NATIONAL_ID") == expected
