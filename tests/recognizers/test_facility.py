from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("transferred from Union Memorial Hospital", ["Union Memorial"]),
    ("BROUGHT TO MERCY HOSP BY EMS", ["MERCY"]),
    ("followed at the Kessler clinic", ["Kessler"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LOCATION") == expected
