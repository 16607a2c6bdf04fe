from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Applicant S1234567D, Singapore", ["S1234567D"]),
    ("pass holder G1234567X", ["G1234567X"]),
    ("code T0123456B", []),  # check letter fails
    ("NRIC: T0123456B", ["T0123456B"]),  # labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "NATIONAL_ID") == expected
