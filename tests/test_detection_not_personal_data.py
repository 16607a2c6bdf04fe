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
