from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Seen by Dr. Alice Jones today.", ["Alice Jones"]),  # the title is left: "Dr. [PERSON]"
    ("DR. MANOOKIAN IN TO SPEAK TO FAMILY", ["MANOOKIAN"]),
    ("daughter KRISSY---301 944-5032", ["KRISSY"]),
    ("ROBERT V. DEGIORGIO, RRT", ["ROBERT V. DEGIORGIO"]),
    ("Dr. aware of labs", []),
    ("son in to visit", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "PERSON") == expected
