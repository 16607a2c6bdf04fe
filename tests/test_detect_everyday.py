"""Everyday values (phones in national and international forms, day-first, dotted and ISO
dates, European postcodes, IBANs of many countries, labelled SSNs that are known samples)
through the real detector with the shipped PHI tagger: every character of each is redacted
at the default policy's threshold."""

from __future__ import annotations

import pytest

from classifier.document import Result
from classifier.pipeline import Pipeline
from classifier.stages.detect import Detector

MIN_SCORE = 0.4
CASES = [
    ("Pay to IBAN CH93 0076 2011 6238 5295 7 now.", "CH93 0076 2011 6238 5295 7"),
    ("Bonifico su IT60 X054 2811 1010 0000 0123 456.", "IT60 X054 2811 1010 0000 0123 456"),
    ("Konto PL61 1090 1014 0000 0712 1981 2874.", "PL61 1090 1014 0000 0712 1981 2874"),
    ("Call 617-555-0199 if anything changes.", "617-555-0199"),
    ("The front desk is 555-0142 during office hours.", "555-0142"),
    ("The front desk is 555.0142 during office hours.", "555.0142"),
    ("Our main line is 617.253.1000 for questions.", "617.253.1000"),
    ("Reach me on +1 (617) 555-0199 after five.", "+1 (617) 555-0199"),
    ("The Paris office answers at +33 1 42 68 53 00 each morning.", "+33 1 42 68 53 00"),
    ("Appelez le 01 42 68 53 00 pour un rendez-vous.", "01 42 68 53 00"),
    ("Our Brussels office: +32 2 555 12 34 for urgent matters.", "+32 2 555 12 34"),
    ("In Brussels ring 02 555 12 34 before noon.", "02 555 12 34"),
    ("The London branch is on 020 7946 0958 weekdays.", "020 7946 0958"),
    ("From abroad dial +44 20 7946 0958 instead.", "+44 20 7946 0958"),
    ("The Berlin desk is +49 30 1234567 for orders.", "+49 30 1234567"),
    ("Payment due 25/12 as agreed.", "25/12"),
    ("Delivered on 14/11 to the client.", "14/11"),
    ("Invoice dated 25/12/2024 enclosed.", "25/12/2024"),
    ("The judgment of 14.03.2024 is final.", "14.03.2024"),
    ("Meeting on 2024-03-14 confirmed.", "2024-03-14"),
    ("Signed on 14 March 2024 in London.", "14 March 2024"),
    ("Signed on March 14, 2024 in Boston.", "March 14, 2024"),
    ("Shipped 14-Mar-2024 by courier.", "14-Mar-2024"),
    ("Send it to 10 Downing Street, London SW1A 1AA please.", "SW1A 1AA"),
    ("Our office: Herengracht 182, 1012 AB Amsterdam.", "1012 AB"),
    ("Anschrift: Hauptstrasse 5, 10115 Berlin.", "10115"),
    ("Adresse : 12 rue de Rivoli, 75001 Paris.", "75001"),
    ("Transfer to IBAN DE89 3704 0044 0532 0130 00 today.", "DE89 3704 0044 0532 0130 00"),
    ("Pay into GB82 WEST 1234 5698 7654 32 by Friday.", "GB82 WEST 1234 5698 7654 32"),
    ("Account FR14 2004 1010 0505 0001 3M02 606 is closed.", "FR14 2004 1010 0505 0001 3M02 606"),
    ("Use NL91ABNA0417164300 for refunds.", "NL91ABNA0417164300"),
    ("BE68 5390 0754 7034 is the deposit account.", "BE68 5390 0754 7034"),
    ("SSN: 123-45-6789", "123-45-6789"),
    ("SSN 078-05-1120", "078-05-1120"),
]


def _uncovered(detector: Detector, text: str, value: str) -> list[str]:
    held = set()
    for f in detector.detect(text, MIN_SCORE):
        held |= set(range(f.start, f.end))
    start = text.index(value)
    return [
        text[i] for i in range(start, start + len(value)) if i not in held and not text[i].isspace()
    ]


@pytest.mark.parametrize(("text", "value"), CASES)
def test_everyday_values_are_redacted(detector: Detector, text: str, value: str) -> None:
    assert _uncovered(detector, text, value) == []


def test_two_us_numbers_in_one_sentence_are_two_phone_numbers(detector: Detector) -> None:
    text = "Call 617-555-0199 or 617-555-0142 tomorrow."
    found = [(text[f.start : f.end], f.entity_type) for f in detector.detect(text, MIN_SCORE)]
    assert found == [("617-555-0199", "PHONE_NUMBER"), ("617-555-0142", "PHONE_NUMBER")]


def test_two_us_numbers_are_no_nhs_number_without_the_tagger(spacy_detector: Detector) -> None:
    text = "Call 617-555-0199 or 617-555-0142 tomorrow."
    found = {(text[f.start : f.end], f.entity_type) for f in spacy_detector.detect(text, MIN_SCORE)}
    assert {("617-555-0199", "PHONE_NUMBER"), ("617-555-0142", "PHONE_NUMBER")} <= found
    assert all(t != "UK_NHS" for _, t in found)


@pytest.mark.parametrize(("text", "value"), CASES)
def test_the_recognizers_alone_redact_everyday_values(
    spacy_detector: Detector, text: str, value: str
) -> None:
    """Without the tagger (`phi_tagger = none`): the general pack's recognizers find them."""
    assert _uncovered(spacy_detector, text, value) == []


def test_labelled_values_leave_a_pdf_and_its_text(pipeline: Pipeline) -> None:
    """Through the whole pipeline, as `classifier process` and the API run it."""
    from tests.documents import pdf_bytes
    from tests.test_redact_formats import pdfminer_text

    lines = [
        "Employee record",
        "SSN: 123-45-6789",
        "SSN 078-05-1120",
        "Call 617-555-0199 or 617-555-0142.",
        "Judgment of 14.03.2024, hearing 25/12/2024.",
    ]
    result = pipeline.process_bytes(pdf_bytes(lines), "record.pdf", "test")
    assert isinstance(result, Result) and result.redacted_content is not None
    values = ["123-45-6789", "078-05-1120", "617-555-0199", "617-555-0142", "14.03.2024"]
    assert not any(v in result.redacted_text for v in values)
    pdf_text = pdfminer_text(result.redacted_content)
    assert "Employee record" in pdf_text and not any(v in pdf_text for v in values)
    record = result.as_dict()
    assert any(f.get("validated") is False for f in record["findings"])
