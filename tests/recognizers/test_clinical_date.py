from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("S/P DIALYSIS 8/18.", ["8/18"]),
    ("SHE PRESENTED 6/29/85 FOR SOB", ["6/29/85"]),
    ("seen 4-13-95 in clinic", ["4-13-95"]),
    ("repair on July 2nd with", ["July 2nd"]),
    ("5/5 STRENGTH, PS 10/5, ABG 7.35/42/98", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "DATE_TIME") == expected
