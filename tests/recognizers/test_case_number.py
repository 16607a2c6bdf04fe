from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("filed as 1:21-cv-01234-ABC in D. Mass.", ["1:21-cv-01234-ABC"]),
    ("Case No. 2021-CV-004512", ["2021-CV-004512"]),
    ("Docket # 19-1392", ["19-1392"]),
    ("in that case the court held", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "CASE_NUMBER") == expected
