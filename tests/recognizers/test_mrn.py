from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("MRN: 00482913 admitted today", ["00482913"]),
    ("Medical record number 7731290 on file", ["7731290"]),
    ("chart # A123456 reviewed", ["A123456"]),
    ("Patient record 5531234 reviewed", ["5531234"]),
    ("Potassium 4.1, sodium 138", []),
    ("Order 12345678 shipped", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "MEDICAL_RECORD_NUMBER") == expected
