from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Card purchase K-Citymarket, card 4920 **** **** 1185    -87,45", ["4920 **** **** 1185"]),
    ("Payment: Card 5412 75** **** 3390", ["5412 75** **** 3390"]),
    ("29.03.24     Debitkarte xxxx 3318, Einkauf", ["xxxx 3318"]),
    ("Visa XXXX-XXXX-XXXX-0042 approved", ["XXXX-XXXX-XXXX-0042"]),
    ("paid with **** 7781 today", ["**** 7781"]),
    ("your Visa ending in 4417 was charged", ["4417"]),
    ("Ref xxxx 3318 for the order", []),  # an x mask needs a card word
    ("Total **** 12.50", []),  # not four digits at the end
    ("the 2024 **** result", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "CREDIT_CARD") == expected
