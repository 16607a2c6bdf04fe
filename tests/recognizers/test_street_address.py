from __future__ import annotations

import pytest

from tests.recognizers.conftest import Find

CASES = [
    (
        "Lives at 1317 Kimberly Way, Apt 962, Grand Rapids, MI 49503.",
        ["1317 Kimberly Way, Apt 962, Grand Rapids, MI 49503"],
    ),
    ("Send it to 42 N. Main St. today", ["42 N. Main St."]),
    ("Mail: P.O. Box 1203", ["P.O. Box 1203"]),
    ("Our office: Friedhofstrasse 33", ["Friedhofstrasse 33"]),
    ("la dirección es c/ Argumosa 27, 3º izq.", ["c/ Argumosa 27"]),
    ("A morada nova é Av. de Roma, 74, 5.º D", ["Av. de Roma, 74"]),
    ("ainda é a da Rua do Almada, 221, 3.º Esq.", ["Rua do Almada, 221"]),
    ("103 SR TO ST WITH PVCS", []),
    ("Suite 501", ["Suite 501"]),
    ("they live on Linden Hill Road near the park", ["Linden Hill Road"]),
    ("The Road to recovery", []),
    ("RESPIRATORY DRIVE IMPROVED", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(find: Find, text: str, expected: list[str]) -> None:
    assert find(text, "STREET_ADDRESS") == expected
