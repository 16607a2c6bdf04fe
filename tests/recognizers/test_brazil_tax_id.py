from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Cliente 123.456.789-09, São Paulo", ["123.456.789-09"]),
    ("Fornecedor 11.222.333/0001-81", ["11.222.333/0001-81"]),
    ("codigo 123.456.789-00", []),  # check digits fail
    ("codigo 111.111.111-11", []),  # one digit repeated
    ("CPF nº 123.456.789-00", ["123.456.789-00"]),  # labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "TAX_ID") == expected
