"""Label words and department names are never a name, a place or an organisation, whoever
found them (data/not_personal_data.txt and the labels of data/labelled_identifiers.txt)."""

from __future__ import annotations

import pytest

from classifier.detection.filters import FilterContext, not_personal_data
from classifier.document import Finding
from classifier.stages.detect import Detector


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("MRN 4471923, DOB 1962-03-14", "MRN", None),
        ("MRN 4471923, DOB 1962-03-14", "DOB", None),
        ("Seen in Cardiology today", "Cardiology", None),
        ("To: Emergency Medicine", "Emergency Medicine", None),
        ("Re: MRN 4471923", "MRN 4471923", "4471923"),
        ("Patient John Smith was seen", "Patient John Smith", "John Smith"),
        ("Accounts Payable, Acme Corp", "Accounts Payable, Acme Corp", "Acme Corp"),
        ("seen by Dr Cardio Smith", "Cardio Smith", "Cardio Smith"),  # not a listed word
        ("Margaret Thornton", "Margaret Thornton", "Margaret Thornton"),
        ("Returned from cath lab at 1630", "cath", None),
        ("to be transferred to hospice as permitted", "hospice", None),
        ("Pt transfered to the NISICU where he", "NISICU", None),
        ("slated to go to Fairhaven rehab today", "Fairhaven rehab", "Fairhaven"),
    ],
)
def test_listed_words_are_taken_off(text: str, value: str, kept: str | None) -> None:
    start = text.index(value)
    sure = Finding(start, start + len(value), "PERSON", 0.99, "PhiTaggerRecognizer")
    found = not_personal_data([sure], FilterContext(text))
    assert [text[f.start : f.end] for f in found] == ([kept] if kept else [])


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("MRN 4471923, DOB 1962-03-14. Seen in Cardiology and Oncology clinics.", "MRN"),
        ("MRN 4471923, DOB 1962-03-14. Seen in Cardiology and Oncology clinics.", "DOB"),
        ("Referred to Cardiology for evaluation on 14 March 2024.", "Cardiology"),
        ("REFERRAL\nTo: Cardiology Department\nFrom: Emergency Medicine\n", "Emergency"),
    ],
)
def test_the_detector_finds_no_label_or_department(
    detector: Detector, text: str, word: str
) -> None:
    at = text.index(word)
    found = [f for f in detector.detect(text, 0.4) if f.start <= at < f.end]
    assert found == []


@pytest.mark.parametrize(
    ("text", "value", "city", "kept"),
    [
        ("PT CAME TO VISIT SISTER IN MASSACHUSETTS AND", "MASSACHUSETTS", "", False),
        ("has 3 children in new hampshire, divorced", "new hampshire", "", False),
        ("53 YO FEMALE FROM THE BAHAMAS- H/O ANGINA", "BAHAMAS", "", False),
        ("son from calif. in to visit", "calif", "", False),
        ("lives in Dover, Delaware with", "Delaware", "Dover", True),  # a city before it
        ("Boston, MA 02115", "MA", "Boston", True),
        ("lives in Ohio 43004 now", "Ohio", "", True),  # a ZIP code after it
        ("moved to Quartermain last week", "Quartermain", "", True),  # no region
    ],
)
def test_a_state_or_country_alone_is_no_identifier(
    text: str, value: str, city: str, kept: bool
) -> None:
    from classifier.detection.filters import without_lone_regions

    start = text.index(value)
    place = Finding(start, start + len(value), "LOCATION", 0.99, "PhiTaggerRecognizer")
    found = [place]
    if city:
        at = text.index(city)
        found.insert(0, Finding(at, at + len(city), "LOCATION", 0.99, "PhiTaggerRecognizer"))
    context = FilterContext(text, findings=tuple(found))
    assert (without_lone_regions([place], context) == [place]) is kept


@pytest.mark.parametrize(
    ("text", "value", "kept"),
    [
        ("Renal: Quinton cath in Left SC", "Quinton", False),
        ("ACCESS: LSC QUENTIN LINE, RSC CL", "QUENTIN", False),
        ("will have a Permacath placed on Fri.", "Permacath", False),  # never a name
        ("placed on the Passey muir valve at noon", "Passey muir", False),
        ("Dr. Foley saw the patient", "Foley", True),  # no device word after it
        ("Quinton called his mother", "Quinton", True),
    ],
)
def test_a_device_named_after_a_person_is_no_name(text: str, value: str, kept: bool) -> None:
    from classifier.detection.filters import without_device_eponyms

    start = text.index(value)
    sure = Finding(start, start + len(value), "PERSON", 0.99, "PhiTaggerRecognizer")
    assert (without_device_eponyms([sure], FilterContext(text)) == [sure]) is kept
