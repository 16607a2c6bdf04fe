from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Medicare MBI 1EG4-TE5-MK73 on the card", ["1EG4-TE5-MK73"]),
    ("Member ID: XJH448812907", ["XJH448812907"]),
    ("subscriber # 99812-331 for the plan", ["99812-331"]),
    ("insurance member W123456789 active", ["W123456789"]),
    ("Group visit at 3 pm", []),
    ("cpr not indicated per policy #rg17, at 1400", ["rg17"]),
    ("policy # 4471 on file", ["4471"]),
    ("policy number unknown", []),
    ("member #12", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "HEALTH_PLAN_ID") == expected
