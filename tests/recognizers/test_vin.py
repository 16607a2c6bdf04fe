from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("VIN 1HGCM82633A004352 registered", ["1HGCM82633A004352"]),
    ("vehicle 11111111111111111", ["11111111111111111"]),
    ("VIN 1HGCM82633A004353 (bad check digit)", []),
    ("code ABCDEFGHJKLMNPRST", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "VEHICLE_ID") == expected
