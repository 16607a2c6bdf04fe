from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Account No. 0012345678 is overdrawn", ["0012345678"]),
    ("acct # 4455-667788", ["4455-667788"]),
    ("wire from checking account 998877665544", ["998877665544"]),
    ("Invoice 20231115 total", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "ACCOUNT_NUMBER") == expected
