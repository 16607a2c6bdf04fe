"""Visitors and callers named by their given name before a visit or a call: "social: bill
called once", "Margie visited", "Helen in to visit". The word must be a census given name that
is neither a word of the notes ("will", "may") nor clinical vocabulary ("peg at bedside"): on
the development notes 13 of the 14 given names before such a verb were annotated names."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.name_lexicon import GIVEN_NAMES_THAT_ARE_NOTE_WORDS, given_names
from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME

VISIT = (
    r"called|visited|phoned|calls|visits|in[ \t]+to[ \t]+visit|here[ \t]+to[ \t]+visit|"
    r"came[ \t]+in|at[ \t]+bedside"
)


class VisitorNameRecognizer(DeclarativeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = [
        Pattern("given name before a visit", rf"\b[A-Z][A-Z'-]+(?=[ \t]+(?:{VISIT})\b)", 0.45)
    ]
    CONTEXT = ["social", "family", "visit", "called"]

    def validate_result(self, pattern_text: str) -> bool | None:
        word = pattern_text.lower()
        if word in NOT_A_NAME or word in CLINICAL_TERMS or word in GIVEN_NAMES_THAT_ARE_NOTE_WORDS:
            return False
        return word in given_names()
