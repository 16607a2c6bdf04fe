from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("License No. RN-448812", ["RN-448812"]),
    ("birth certificate number 2019-0041877", ["2019-0041877"]),
    ("permit # PX99812", ["PX99812"]),
    ("licensed nurse on duty", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LICENSE_NUMBER") == expected
