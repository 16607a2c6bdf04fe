from __future__ import annotations

import pytest

from classifier.detection.recognizers.postcode_city import (
    FourDigitPostcodeRecognizer,
    PostcodeCityRecognizer,
)

CASES = [
    ("Fennesingel 3, 3735 CO Alem\nTel 21 965 6767", ["Alem"], ["3735"]),
    ("aleja Cisowa 78/65, 40-736 Sopot\n\nThank you", ["Sopot"], ["40-736"]),
    ("resides at Reitererring 0/8, 4669 Wels.\nThe", ["Wels"], ["4669"]),
    ("Laureen-Ostermann-Gasse 813\n7961 Gmunden\n\nAccount", ["Gmunden"], ["7961"]),
    ("Nick-Spitzer-Gasse 7, 7159 Bruck an der Leitha. Invoice", ["Bruck an der Leitha"], ["7159"]),
    ("Jeanninestraat 17, 6713 Olen, e-mail", ["Olen"], ["6713"]),
    ("Esilasteeg 60, 9210CY Venhuizen\n\nThank", ["Venhuizen"], []),
    ("Anschrift: Hauptstrasse 5, 10115 Berlin.", ["Berlin"], []),
    ("12 rue de Rivoli\n75001 Paris\n", ["Paris"], []),
    # not addresses
    ("In 2024 Revenue grew", [], []),
    ("Paris, 2024 Olympics", [], []),
    ("see page 12, 2019 Annual Report", [], []),
    ("On July 21, 1952 Mittala Kamal Sab, a resident", [], []),
    ("Order 10115 shipped to Berlin.", [], []),
]


@pytest.mark.parametrize(("text", "places", "codes"), CASES)
def test_table(text: str, places: list[str], codes: list[str]) -> None:
    found = PostcodeCityRecognizer().analyze(text, ["LOCATION"])
    assert [text[r.start : r.end] for r in sorted(found, key=lambda r: r.start)] == places
    found = FourDigitPostcodeRecognizer().analyze(text, ["ZIP_CODE"])
    assert [text[r.start : r.end] for r in sorted(found, key=lambda r: r.start)] == codes
