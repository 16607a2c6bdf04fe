from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("see https://example.org/a?b=1.", ["https://example.org/a?b=1"]),
    ("visit www.clinic-example.com now", ["www.clinic-example.com"]),
    ("write to john.smith@example.com", []),
    ("stool.pt and then TODAY.NO", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "URL") == expected
