from __future__ import annotations

import pytest

from classifier.detection.recognizers.phone_candidates import PhoneCandidateRecognizer

CASES = [
    ("Call 617-555-0199 if anything changes.", ["617-555-0199"]),
    ("Our main line is 617.253.1000 for questions.", ["617.253.1000"]),
    ("Reach me on +1 (617) 555-0199 after five.", ["+1 (617) 555-0199"]),
    ("The Paris office answers at +33 1 42 68 53 00 each morning.", ["+33 1 42 68 53 00"]),
    ("Appelez le 01 42 68 53 00 pour un rendez-vous.", ["01 42 68 53 00"]),
    ("Our Brussels office: +32 2 555 12 34 for urgent matters.", ["+32 2 555 12 34"]),
    ("In Brussels ring 02 555 12 34 before noon.", ["02 555 12 34"]),
    ("The London branch is on 020 7946 0958 weekdays.", ["020 7946 0958"]),
    ("The Berlin desk is +49 30 1234567 for orders.", ["+49 30 1234567"]),
    ("Call 617-555-0199 or 617-555-0142 tomorrow.", ["617-555-0199", "617-555-0142"]),
    ("MD to call with update: 410 392 0780 x45.", ["410 392 0780 x45"]),
    ("Office 617-555-0199 ext. 120, fax", ["617-555-0199 ext. 120"]),
    ("The front desk is 555-0142 during office hours.", ["555-0142"]),  # weak: needs context
    ("The front desk is 555.0142 during office hours.", ["555.0142"]),
    ("Na 139.2 K 4.1 glucose 102.5", []),
    # not phone numbers
    ("pager 0600-0800 shift", []),
    ("SSN 078-05-1120", []),
    ("judgment of 14.03.2024, ISO 2024-03-14", []),
    ("ABG 7.35/42/98/24, BP 125-170/70-90", []),
    ("Card 4111 1111 1111 1111", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[str]) -> None:
    found = sorted(PhoneCandidateRecognizer().analyze(text, []), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in found] == expected
