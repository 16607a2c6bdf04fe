from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Il sottoscritto, RSSMRA85T10A562S, dichiara", ["RSSMRA85T10A562S"]),
    ("cf VRDGPP80A01F205X", ["VRDGPP80A01F205X"]),
    ("copy BNCLRA70A41H501Y enclosed", []),  # check letter fails, no label
    # labelled: redacted whatever the check letter says
    ("Codice fiscale: BNCLRA70A41H501Y", ["BNCLRA70A41H501Y"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "NATIONAL_ID") == expected
