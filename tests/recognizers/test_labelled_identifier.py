"""LabelledIdentifierRecognizer: a value a document labels as an identifier is found, known
samples and failed checksums included, and says `validated: false`."""

from __future__ import annotations

import pytest

from classifier.detection.recognizers.labelled_identifier import (
    NAME,
    LabelledIdentifierRecognizer,
)
from classifier.stages.detect import Detector

CASES = [
    # any "<word> ID / No. / #" before a value with digits (the generic label)
    ("Sorensen   Hospice ID HSP-88120   Dx: COPD", [("ID", "HSP-88120")]),
    ("Consumer No: LA-448201", [("ID", "LA-448201")]),
    ("Hosp no WX3319028", [("ID", "WX3319028")]),
    ("Passport / ID no. ..........: C01X00T47   Issued", [("ID", "C01X00T47")]),
    ("Order #A-77812", [("ID", "A-77812")]),
    ("Room No. 412", []),
    ("there is no 2nd dose", []),
    ("C/O INCISIONAL PAIN #9/10.", []),
    ("see Art. No 12/2021", []),
    ("SSN: 123-45-6789", [("US_SSN", "123-45-6789")]),
    ("SSN 078-05-1120 on file", [("US_SSN", "078-05-1120")]),
    ("Booking reference (PNR): K7QX2M\n", [("ACCOUNT_NUMBER", "K7QX2M")]),
    ("a RRIF (account ending 8902), a 2015 Buick", [("ACCOUNT_NUMBER", "8902")]),
    (
        "Her HP 9123 4567, home 6789 0123.",
        [("PHONE_NUMBER", "9123 4567"), ("PHONE_NUMBER", "6789 0123")],
    ),
    ("demain entre 14 et 16h. GSM 0498/55.67.89 ou", [("PHONE_NUMBER", "0498/55.67.89")]),
    ("Telefoon 0343 55 12 34 toestel 2.", [("PHONE_NUMBER", "0343 55 12 34 toestel 2")]),
    ("Bolsa Família (NIS 123.45678.90-1).", [("NATIONAL_ID", "123.45678.90-1")]),
    ("PIS/PASEP: 128.47391.55-2\n", [("NATIONAL_ID", "128.47391.55-2")]),
    ("Ordering physician: Dr. Gill, CPSO #84412\n", [("LICENSE_NUMBER", "84412")]),
    ("Social Security No.: 219 09 9999.", [("US_SSN", "219 09 9999")]),
    ("Social Security Number #219099999", [("US_SSN", "219099999")]),
    ("MRN: 00482913 admitted", [("MEDICAL_RECORD_NUMBER", "00482913")]),
    ("Medical Record # A-7731290", [("MEDICAL_RECORD_NUMBER", "A-7731290")]),
    ("Patient ID: PT-88213", [("MEDICAL_RECORD_NUMBER", "PT-88213")]),
    ("DOB: 03/14/1962", [("DATE_TIME", "03/14/1962")]),
    ("Date of Birth 14.03.1962, female", [("DATE_TIME", "14.03.1962")]),
    ("D.O.B. 14 March 1962", [("DATE_TIME", "14 March 1962")]),
    ("DOB March 14, 1962", [("DATE_TIME", "March 14, 1962")]),
    ("DOB 1962-03-14", [("DATE_TIME", "1962-03-14")]),
    ("Tel: 617.253.1000", [("PHONE_NUMBER", "617.253.1000")]),
    ("Fax 01 42 68 53 00", [("PHONE_NUMBER", "01 42 68 53 00")]),
    ("Mobile: +44 20 7946 0958", [("PHONE_NUMBER", "+44 20 7946 0958")]),
    ("Call 617-555-0199 today", [("PHONE_NUMBER", "617-555-0199")]),
    ("IBAN: DE89 3704 0044 0532 0130 01", [("IBAN_CODE", "DE89 3704 0044 0532 0130 01")]),
    ("IBAN GB00 WEST 1234 5698 7654 32", [("IBAN_CODE", "GB00 WEST 1234 5698 7654 32")]),
    ("IBAN DE89 3704 0044 0532 0130 00 today", [("IBAN_CODE", "DE89 3704 0044 0532 0130 00")]),
    ("Account No. 0012345678", [("ACCOUNT_NUMBER", "0012345678")]),
    ("Acct# 55-1234-99", [("ACCOUNT_NUMBER", "55-1234-99")]),
    ("Passport: X1234567", [("PASSPORT", "X1234567")]),
    ("Case No. 2021/CV/0457", [("CASE_NUMBER", "2021/CV/0457")]),
    ("Policy No. HX-449120-B", [("ACCOUNT_NUMBER", "HX-449120-B")]),
    ("Member ID: W123456789", [("HEALTH_PLAN_ID", "W123456789")]),
    ("NHS No. 943 476 5919", [("UK_NHS", "943 476 5919")]),
    ("My SSN is 123-45-6789.", [("US_SSN", "123-45-6789")]),
    ("Social Security Number (SSN): 123-45-6789", [("US_SSN", "123-45-6789")]),
    ("Phone: (555) 123-4567 x 204", [("PHONE_NUMBER", "(555) 123-4567 x 204")]),
    ("Tel +1 416 555 0199 ext. 12 today", [("PHONE_NUMBER", "+1 416 555 0199 ext. 12")]),
    ("Passport - X1234567", [("PASSPORT", "X1234567")]),
    # national, tax and passport numbers of other countries, court file numbers
    ("NI number QQ 12 34 56 C in all", [("NATIONAL_ID", "QQ 12 34 56 C")]),
    ("Steuer-ID: 65 929 970 489", [("TAX_ID", "65 929 970 489")]),
    ("N° de sécurité sociale : 1 85 05 78 006 084 36", [("NATIONAL_ID", "1 85 05 78 006 084 36")]),
    ("NIF (Y-2345678-Z) to be verified", [("TAX_ID", "Y-2345678-Z")]),
    ("contribuinte n.º 501 964 843.", [("TAX_ID", "501 964 843")]),
    ("AHV-Nr. 756.1234.5678.90", [("NATIONAL_ID", "756.1234.5678.90")]),
    ("身份证号：11010519491231002X", [("NATIONAL_ID", "11010519491231002X")]),
    ("Reisepass-Nr. C01X00T47", [("PASSPORT", "C01X00T47")]),
    ("Order ref ORD 5512-3301", [("ACCOUNT_NUMBER", "ORD 5512-3301")]),
    ("Case No. 2 BvR 1234/21", [("CASE_NUMBER", "2 BvR 1234/21")]),
    ("In the matter of [2023] EWHC 1234 (Ch)", [("CASE_NUMBER", "[2023] EWHC 1234 (Ch)")]),
    ("Court file CV-2024-009812", [("CASE_NUMBER", "CV-2024-009812")]),
    ("Geburtsdatum: 14.03.1962", [("DATE_TIME", "14.03.1962")]),
    ("VAT No.: ATU12345678", [("TAX_ID", "ATU12345678")]),
    ("Employee ID: EMP-307144", [("ID", "EMP-307144")]),
    (
        "TEL 01632 960684 DATE 04/02/2024 14:22",
        [("PHONE_NUMBER", "01632 960684"), ("DATE_TIME", "04/02/2024")],
    ),
    # not identifiers: no label, a label without a value of its shape, a clinical number
    ("Order 123-45-6789 shipped", []),
    ("SSN pending", []),
    ("the case was closed", []),
    ("call 911 now", []),
    ("cell count 12.5 today", []),
    ("Phone: 555", []),
    ("VAT 21%: 259.26", []),
    ("Case 12 The court", []),
    ("the case 730 under section 4", []),
    ("RFC 7230 section 3", []),
    ("Invoice total 1,234.56", []),
    ("Kundennummer folgt", []),
    ("Employee 2024 survey", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_table(text: str, expected: list[tuple[str, str]]) -> None:
    found = sorted(LabelledIdentifierRecognizer().analyze(text, []), key=lambda r: r.start)
    assert [(r.entity_type, text[r.start : r.end]) for r in found] == expected
    assert all(r.recognition_metadata["validated"] is False for r in found)


@pytest.mark.parametrize("value", ["123-45-6789", "078-05-1120"])
def test_a_labelled_known_sample_ssn_is_redacted(spacy_detector: Detector, value: str) -> None:
    text = f"Employee record. SSN: {value}. Thank you."
    (finding,) = [f for f in spacy_detector.detect(text, 0.4) if text[f.start : f.end] == value]
    assert (finding.entity_type, finding.recognizer, finding.validated) == ("US_SSN", NAME, False)
    assert finding.as_dict()["validated"] is False


def test_a_long_run_of_blanks_after_a_label_is_quick() -> None:
    """The separator's blanks are possessive: no split of a run of blanks is tried twice."""
    import time

    text = ("Tel" + " " * 300 + "x\nPhone No." + " " * 300 + "(see)\n") * 10
    started = time.perf_counter()
    assert LabelledIdentifierRecognizer().analyze(text, []) == []
    assert time.perf_counter() - started < 2.0
