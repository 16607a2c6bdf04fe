from __future__ import annotations

import pytest

from classifier.detection.recognizers.honorific_name import HonorificNameRecognizer

CASES = [
    ("Dank u, meneer De Vries.", ["De Vries"]),
    ("Ik bel mevrouw van der Berg morgen.", ["van der Berg"]),
    ("Sehr geehrte Frau Vogel-Schmitz,", ["Vogel-Schmitz"]),
    ("Herr Beat Zürcher ruft an.", ["Beat Zürcher"]),
    ("Estimada Sra. de la Cruz:", ["de la Cruz"]),
    ("Cher Monsieur Dupont, merci", ["Dupont"]),
    ("Patientin: Mag. Sabine Pichler-Auer\n", ["Sabine Pichler-Auer"]),
    ("Szanowna Pani Nowak, dziękujemy", ["Nowak"]),
    # not a name
    ("a frying pan Wok set", []),
    ("Frau und Herr", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(HonorificNameRecognizer().analyze(text, ["PERSON"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
