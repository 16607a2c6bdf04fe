from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("walked in hall.\nPager: #24680\nTime Frame: 2:10-2:40pm", ["24680"]),
    ("will f/u as approp.\nPG 13579\n", ["13579"]),
    ("Plan: f/u 6/12\nPager # 86420 \nTime: 1:05-1:30pm", ["86420"]),
    ("he can be reached at beeper number 97531 for consents", ["97531"]),
    ("resident on call, pgr 4417, aware", ["4417"]),
    ("call the lab at ext. 5512 with results", ["5512"]),
    ("unit clerk x6-2291 for bed status", ["x6-2291"]),
    ("pager 0600-0800 shift", []),  # clock times
    ("pager 0700 - 1900 coverage", []),
    ("PG 2 of 3", []),  # too few digits
    ("pager 123456 ", []),  # too many digits for a short number
    ("NS x2 boluses, BS 1234/", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "PHONE_NUMBER") == expected
