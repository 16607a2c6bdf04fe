from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Nordwind GmbH, DE123456789", ["DE123456789"]),
    ("Supplier FR40303265045 Paris", ["FR40303265045"]),
    ("BV NL123456789B01", ["NL123456789B01"]),
    ("GmbH ATU12345678", ["ATU12345678"]),
    ("Ltd GB 123 4567 89", ["GB 123 4567 89"]),
    ("route DE12345", []),
    ("code de123456789", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "TAX_ID") == expected
