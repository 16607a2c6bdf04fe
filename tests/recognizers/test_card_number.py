from __future__ import annotations

import pytest

from classifier.detection.recognizers.card_number import luhn_ok
from tests.recognizers.conftest import Find

CASES = [
    ("card number 630427373398 is lost", ["630427373398"]),  # 12-digit Maestro
    ("Need to change billing date of my card 2623322164608847", ["2623322164608847"]),  # 2-series
    ("My card 4064557646766436702 is expiring", ["4064557646766436702"]),  # 19-digit Visa
    ("limit on my card # 5038 9054 7220", ["5038 9054 7220"]),
    ("card number 630427373399 is lost", []),  # Luhn fails
    ("Invoice 630427373398 attached", []),  # no context: under the threshold
    ("weight 6304.27373398 kg", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "CREDIT_CARD") == expected


def test_luhn() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
