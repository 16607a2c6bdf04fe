from __future__ import annotations

import pytest

from classifier.detection.recognizers.labelled_name import LabelledNameRecognizer

CASES = [
    ("Patient: Olumide Bankole     MRN 1100-4829-7", ["Olumide Bankole"]),
    ("Pt: Tremblay-Gauthier, Luc   AHCIP: 45893-2106", ["Tremblay-Gauthier, Luc"]),
    ("Nom : LEFÈVRE Camille\nPrénom: Jean-Luc", ["LEFÈVRE Camille", "Jean-Luc"]),
    ("Ad Soyad: Mehmet Çelik", ["Mehmet Çelik"]),
    ("Attending: Dr. Susan Lee, MD", ["Susan Lee"]),
    ("Name: O'Brien, Francis X.", ["O'Brien, Francis X."]),
    ("Patient Name:\tMaría José de la Cruz Fernández\n", ["María José de la Cruz Fernández"]),
    ("Provider: Bill Kowalski, PA-C   Interpreter: Hung", ["Bill Kowalski", "Hung"]),
    ("Referred by: Dr Anand Krishnamurthy", ["Anand Krishnamurthy"]),
    # not a name: words that are not names, numbers, no colon
    ("Patient: Alert and oriented", []),
    ("Patient: 45 yo M", []),
    ("Patient Olumide Bankole", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(LabelledNameRecognizer().analyze(text, ["PERSON"]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
