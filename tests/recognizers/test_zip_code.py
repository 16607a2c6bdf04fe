from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Cambridge, MA 02139", ["02139"]),
    ("Austin TX 78701-1234", ["78701-1234"]),
    ("zip code 60614 on the form", ["60614"]),
    ("weight 12345 grams", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "ZIP_CODE") == expected
