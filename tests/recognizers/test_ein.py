from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("EIN: 12-3456789", ["12-3456789"]),
    ("employer tax id 45-1234567", ["45-1234567"]),
    ("employer 07-1234567", []),  # no EIN prefix 07
    # labelled: redacted whatever the prefix (LabelledIdentifierRecognizer, validated: false)
    ("EIN 07-1234567", ["07-1234567"]),
    ("room 12-3456789", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "US_EIN") == expected
