from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("transferred from Union Memorial Hospital", ["Union Memorial"]),
    ("BROUGHT TO MERCY HOSP BY EMS", ["MERCY"]),
    ("followed at the Kessler clinic", ["Kessler"]),
    ("plan to go to bright heart hospital this afternoon", ["bright heart"]),
    ("SHE SAYS THAT AT GRANT MEMORIAL THE RASH BEGAN", ["GRANT MEMORIAL"]),
    ("bed offered at (bright heart Memorial) today", ["bright heart Memorial"]),
    ("f/u w/ Linden Bay Heart Center, number given", ["Linden Bay"]),
    ("called out to a bed on linden campus", ["linden"]),
    ("Social: a bed @ St B. pending screening", ["St B."]),
    ("accepted by St. Ives but cannot leave", ["St. Ives"]),
    ("HR 90'S ST. REMAINS ON IABP", []),  # a heart rhythm
    ("SR TO ST ELEVATION IN V2", []),
    ("Continue cardiac rehab.", []),
    ("family attended a memorial service", []),
    ("12 Elm St Suite 4 and 9 Oak St Apt. 2", []),  # a street, then its unit
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "LOCATION") == expected
