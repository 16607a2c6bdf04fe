from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("Seen by Dr. Alice Jones today.", ["Alice Jones"]),  # the title is left: "Dr. [PERSON]"
    ("DR. MANOOKIAN IN TO SPEAK TO FAMILY", ["MANOOKIAN"]),
    ("daughter KRISSY---301 944-5032", ["KRISSY"]),
    ("ROBERT V. DEGIORGIO, RRT", ["ROBERT V. DEGIORGIO"]),
    ("Dr. aware of labs", []),
    ("son in to visit", []),
    ("per dr.reid -see progress notes", ["reid"]),
    ("RN (Edward) has followed thru noc", ["Edward"]),
    ("INR 6.0. E. WELSH AWARE. PT RECEIVED 2 FFP", ["E. WELSH"]),  # the initial is part of the name
    ("CT SITE. Z. MILLER TO STRIP TUBES, M. PEPPLER STITCHING", ["Z. MILLER", "M. PEPPLER"]),
    ("sputum grew E. COLI and S. aureus, C. diff negative", []),
    ("U.S. Army veteran", []),
    ("A. STABLE\nP. CONTINUE DIURESIS", []),  # assessment and plan headings
    ("CLEAR R. BASE, DIMINISHED L. BASE", []),  # right and left
    ("NO C/O N/V. TAKING FLUIDS. MAPS 70'S. NTG CONT", []),
    ("given at 5 P.M. Pt resting", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "PERSON") == expected
