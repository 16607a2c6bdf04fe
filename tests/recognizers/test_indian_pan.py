from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Assessee ABCPD1234E, Mumbai", ["ABCPD1234E"]),
    ("firm AAACB1234F", ["AAACB1234F"]),
    ("code ABCXD1234E", []),  # X is no holder kind
    ("PAN No. ABCXD1234E", ["ABCXD1234E"]),  # labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "TAX_ID") == expected
