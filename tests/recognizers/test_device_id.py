from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Pacemaker serial number PJN882713", ["PJN882713"]),
    ("S/N: 44-ABX-9921", ["44-ABX-9921"]),
    ("IMEI 490154203237518", ["490154203237518"]),
    ("IMEI 490154203237519", []),
    ("serial dressings changed", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "DEVICE_ID") == expected
