from __future__ import annotations

import pytest

from classifier.detection.recognizers.birthplace import BirthplaceRecognizer

CASES = [
    ("Naturalidade: Belo Horizonte/MG\n", ["Belo Horizonte"]),
    ("Place of birth: Lyon\n", ["Lyon"]),
    ("Geburtsort: Wiener Neustadt, Österreich", ["Wiener Neustadt"]),
    ("Residence: Githurai 45\n", ["Githurai 45"]),
    ("She was born in Kraków and moved", ["Kraków"]),
    ("Lugar de nacimiento: San Miguel de Tucumán\n", ["San Miguel de Tucumán"]),
    # not a place
    ("born in 1952 to", []),
    ("Residence: the patient lives alone", []),
    ("Place of birth:\n", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(BirthplaceRecognizer().analyze(text, ["LOCATION"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
