from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Her number is AB 12 34 56 C, verified.", ["AB 12 34 56 C"]),
    ("record JG103759A on file", ["JG103759A"]),
    # labelled: any prefix, the HMRC example included (LabelledIdentifierRecognizer)
    ("NI number: QQ 12 34 56 C", ["QQ 12 34 56 C"]),
    ("code QQ 12 34 56 C", []),  # QQ is never issued
    ("ref GB 12 34 56 A", []),  # nor GB
    ("part AB 12 34 56 E", []),  # suffix A-D only
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "NATIONAL_ID") == expected
