from __future__ import annotations

import pytest

from classifier.detection.recognizers.role_name import RoleNameRecognizer

CASES = [
    ("case mgmt (Hope, x6-2210) will meet", ["Hope"]),
    ("Extubated by RT (May) and Dr. Kaur", ["May"]),
    ("SLP (Bishop, x4-7102) saw pt", ["Bishop"]),
    ("device RN (Luz) prior to scan", ["Luz"]),
    ("lactation (Precious, IBCLC) helping", ["Precious"]),
    ("seen w/ in-person interpreter Bopha.", ["Bopha"]),
    ("grandson Will visiting this pm", ["Will"]),
    ("workers comp: employer contact Sal, 915-555-0102 x12.", ["Sal"]),
    ("daughter May 3rd visit", []),  # a date, not a name
    ("emergency contact Information", []),
    # not a name: abbreviations, drugs, services
    ("interpreter Services called", []),
    ("pt (NPO) since midnight", []),
    ("(Lasix, 40 mg)", []),
    ("BP (MAP, x2)", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(RoleNameRecognizer().analyze(text, ["PERSON"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
