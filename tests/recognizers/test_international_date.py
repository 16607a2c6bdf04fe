from __future__ import annotations

import pytest

from classifier.detection.recognizers.international_date import InternationalDateRecognizer

CASES = [
    ("ED triage | 17/03 01:48. MTS: orange", [("17/03", 0.6)]),
    ("seen 3/14 at 0300", [("3/14", 0.6)]),
    ("The judgment of 14.03.2024 is final.", [("14.03.2024", 0.6)]),
    ("Invoice dated 25/12/2024 enclosed.", [("25/12/2024", 0.6)]),
    ("Meeting on 2024-03-14 confirmed.", [("2024-03-14", 0.7)]),
    ("Signed on 14 March 2024 in London.", [("14 March 2024", 0.7)]),
    ("Shipped 14-Mar-2024 by courier.", [("14-Mar-2024", 0.7)]),
    ("Payment due 25/12 as agreed.", [("25/12", 0.3)]),  # weak: the context word decides
    ("Delivered on 14/11 to the client.", [("14/11", 0.3)]),
    ("2,310.55\n10/3       Salary Dhar, Pathak    2,310.55", [("10/3", 0.6)]),  # a row
    ("4,712.55\n28/4       Card payment       -41.20   4,671.35", [("28/4", 0.6)]),
    ("Amount\n01.02.    Salary / City of Helsinki     +3 412,60", [("01.02.", 0.6)]),
    ("1 500,00\n31.03     Interest                 12,40", [("31.03", 0.6)]),
    ("150.00\n22 Mar    Salary - payroll ref EMP 20417     3,880.12", [("22 Mar", 0.6)]),
    ("Points earned today: 42  Date 13/2", [("13/2", 0.6)]),
    ("Date: 3/11\n", [("3/11", 0.6)]),
    # not dates
    ("  1/2    cup flour", []),
    ("5/10   pain score", []),
    ("ABG 7.35/42/98, version 1.2.3", []),
    ("BP 32/15, ratio 5/10", []),
    ("room 2024-99-14", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[tuple[str, float]]) -> None:
    found = sorted(
        InternationalDateRecognizer().analyze(text, ["DATE_TIME"]), key=lambda r: r.start
    )
    assert [(text[r.start : r.end], r.score) for r in found] == expected
