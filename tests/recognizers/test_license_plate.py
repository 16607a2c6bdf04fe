from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("License plate: 7ABC123", ["7ABC123"]),
    ("plate # XYZ 4821 seen leaving", ["XYZ 4821"]),
    ("un Seat Ibiza con matrícula 4471 KLM, y", ["4471 KLM"]),
    ("platelets 145, plateau 27", []),
    ("regular insulin 4 units", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LICENSE_PLATE") == expected
