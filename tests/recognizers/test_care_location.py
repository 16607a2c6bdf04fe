from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("PLAN: TRANSFER TO QUARTERMAIN 2 IN AM", ["QUARTERMAIN"]),
    ("was transferred to GH for treatment", ["GH"]),
    ("TRANSFER TO CCU TODAY", []),
    ("went to the floor", []),
    ("social: lives alone in white amrsh, daughter", ["white amrsh"]),
    ("arrived with Rn from the VA in Balt", ["Balt"]),
    ("a nursing home in Towson", ["Towson"]),
    ("in the hospital in bed", []),
    ("she was accepted at Briar Glen, awaiting the consent", ["Briar Glen"]),
    ("admitted 4/12/19 to linwood 3 with pneumonia", ["linwood"]),
    ("SON ARRIVED AT 3 AM FROM THE LOWER VALE AND STAYED", ["LOWER VALE"]),
    ("her husband (at home in Fairhaven) was called", ["Fairhaven"]),
    ("PT SENT TO ED AT GH FOR EVAL", ["GH"]),
    ("RECENTLY ADM TO THE GH FOR ULCERS", ["GH"]),
    ("ready to go to Bright Heart tomorrow", ["Bright Heart"]),
    ("transfer by ambulance to rehab", []),
    ("wife went home to sleep", []),
    ("GH deficiency on replacement", []),
    ("PLAN: TO Quarterman 2 WHEN BED AVAIL.", ["Quarterman"]),
    ("PT. INTUBATED ON QUARTERMAIN 2 FOR ACUTE FAILURE", ["QUARTERMAIN"]),
    ("PLAN: Quartermain 2 when bed available", ["Quartermain"]),
    ("She was placed on Demerol 50 mg and Vistaril", []),
    ("started on Lasix 40 for the edema", []),
    ("surgery on July 17, 2008", []),
    ("reamed the canal to Size 2. Size 2 nail", []),
    ("pursuant to Article 12, the effective date", []),
    ("on PS 10/5 overnight", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LOCATION") == expected
