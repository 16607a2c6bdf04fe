from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("SWIFT: DEUTDEFF500", ["DEUTDEFF500"]),
    ("BIC code BOFAUS3N please", ["BOFAUS3N"]),
    ("swift transfer via NWBKGB2L", ["NWBKGB2L"]),
    ("SWIFT: ABCDQQ12", []),
    ("PATIENT IS HYPOTENSIVE", []),
    ("SAMPLE SENT TO BLOOD BANK, VENT SETTINGS UNCHANGED", []),  # nursing notes, upper case
    ("PACING WIRES ATTACHED, CAPPED", []),
    ("67 YO FEMALE ADMITTED TO CCU, SWIFT RESPONSE, LITHIUM ELEVATED", []),
    ("SWIFT: COBADEFF", ["COBADEFF"]),  # all letters: fine when labelled
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "SWIFT_CODE") == expected
