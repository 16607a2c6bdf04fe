"""spaCy's named entities without the noise clinical text makes it produce.

Replaces Presidio's SpacyRecognizer. Dropped before Presidio resolves overlaps (so a noisy
wide entity cannot swallow a precise one): PERSON / ORGANIZATION / LOCATION / NRP entities
containing clinical vocabulary (sections, tests, drugs: "Hemoglobin A1c", "HISTORY OF PRESENT
ILLNESS"), all-lower-case guesses, all-capitals guesses in upper-case notes or of four letters
or fewer (ward and test acronyms), PERSON with digits; DATE_TIME naming no calendar date
("today", "x5 days", "7.2", a weekday, a year or clock time alone such as "1800") in clinical
notes. In clinical
notes (upper-case, or dense with clinical vocabulary) ORGANIZATION and NRP are dropped
altogether: nearly all of them are drugs, devices and abbreviations there."""

from __future__ import annotations

import re

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME

NAME_TYPES = ("PERSON", "ORGANIZATION", "LOCATION", "NRP")
CALENDAR = re.compile(
    r"\b\d{1,2}/\d{1,2}\b|\b\d{1,4}-\d{1,2}-\d{1,4}\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b",
    re.I,
)
WORD = re.compile(r"[A-Za-z0-9]+")
UPPER_DOC_RATIO = 0.6
CLINICAL_DOC_RATIO = 0.03  # share of words that are clinical vocabulary


def upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def is_clinical(text: str) -> bool:
    if upper_ratio(text) >= UPPER_DOC_RATIO:
        return True
    words = [w.lower() for w in WORD.findall(text)]
    return (
        bool(words) and sum(w in CLINICAL_TERMS for w in words) / len(words) >= CLINICAL_DOC_RATIO
    )


def is_noise(value: str, entity_type: str, upper_doc: bool, clinical: bool = False) -> bool:
    if entity_type == "DATE_TIME":
        return clinical and not CALENDAR.search(value)
    if entity_type not in NAME_TYPES:
        return False
    if clinical and entity_type in ("ORGANIZATION", "NRP"):
        return True
    words = [w.lower() for w in WORD.findall(value)]
    if not words or any(w in CLINICAL_TERMS for w in words):
        return True
    if entity_type == "PERSON" and (
        any(c.isdigit() for c in value) or all(w in NOT_A_NAME for w in words)
    ):
        return True
    if not any(c.isupper() for c in value):
        return True  # all lower case: no case cue, mostly wrong
    return not any(c.islower() for c in value) and (upper_doc or len(value.strip()) <= 4)


class ClinicalSpacyRecognizer(SpacyRecognizer):
    def __init__(self) -> None:
        super().__init__(name="ClinicalSpacyRecognizer")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        upper_doc = upper_ratio(text) >= UPPER_DOC_RATIO
        clinical = is_clinical(text)
        return [
            r
            for r in super().analyze(text, entities, nlp_artifacts)
            if not is_noise(text[r.start : r.end], r.entity_type, upper_doc, clinical)
        ]
