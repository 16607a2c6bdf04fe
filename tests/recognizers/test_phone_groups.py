from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    ("social: pt's son ,dave, (240444-1243) was in", ["(240444-1243)"]),
    ("son and grandson both visited today.(301 273 45166) both", ["(301 273 45166)"]),
    ("wife can be reached on her cell 410 555 0199 after six", ["410 555 0199"]),
    ("Name: Toshimi Arata\nPhone: 0490 75 40 81", ["0490 75 40 81"]),
    ("Personal Info:\nPhone:\n60-56-85-91\n\nE-mail:", ["60-56-85-91"]),
    ("Can someone call me on 01.84.17.61.18? I have", ["01.84.17.61.18"]),
    ("Phone: (72) 754-186", ["(72) 754-186"]),
    (
        "28-64-66-98 office\n930.167.3943 fax\n+447700677662 mobile",
        ["28-64-66-98", "930.167.3943", "+447700677662"],
    ),
    ("dtr Jane Roe- 301- 555- 0147. \n", ["301- 555- 0147"]),  # blanks after dashes
    ("son--CELLULAR-301 555 0133 & HOME-443 555-0188.", ["301 555 0133", "443 555-0188"]),
    ("wife can be reached at 240 555 0126.", ["240 555 0126"]),  # a full stop after it
    ("Pager: #301 555 0199", ["301 555 0199"]),
    ("ABG 7.51/34/54/28 on 40%", []),
    ("phone call from lab: K 3.2", []),
    ("Tel: 12 34", []),  # too few digits
    ("pager 0600-0800 shift", []),  # clock times
    ("I/O 2400 1800 1200 over three shifts", []),
    ("hourly urine 250 300 4000 5000 ml", []),  # four groups: a list of numbers
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "PHONE_NUMBER") == expected
