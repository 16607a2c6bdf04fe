from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("copia de 12345678Z adjunta", ["12345678Z"]),
    ("resident X1234567L since 2019", ["X1234567L"]),
    ("resident Y-2345678-A", []),  # check letter fails, no label
    ("part 12345678A", []),
    ("DNI: 12345678A", ["12345678A"]),  # labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "NATIONAL_ID") == expected
