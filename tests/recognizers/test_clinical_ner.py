from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Patient Margaret Thornton was seen.", ["Margaret Thornton"]),
    ("Hemoglobin A1c was 7.2 today.", []),
    ("HISTORY OF PRESENT ILLNESS: chest pain.", []),
    ("Carevue charting by the team.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "PERSON") == expected
