"""Named care facilities, which nursing notes mention by name: the capitalised words before
Hospital / Hosp / Medical Center / Med Ctr / Clinic / Rehab / Nursing Home / VA. The generic
word itself is not part of the match."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME

KIND = (
    r"(?:hospital|hosp|medical[ \t]+center|medical[ \t]+centre|med[ \t]+ctr|health[ \t]+center|"
    r"clinic|rehab|rehabilitation|nursing[ \t]+home|va\b|infirmary|hospice)"
)
_STOP = "|".join(sorted(NOT_A_NAME | CLINICAL_TERMS, key=len, reverse=True))
# A facility word at most three words ahead: a cheap test first, so the long word list below
# is tried only where a match can end (the same matches, a fraction of the time)
KIND_AHEAD = rf"(?=(?:[\w'.-]+[ \t-]+){{1,3}}{KIND})"
WORD = rf"(?!(?:{_STOP})\b)(?-i:[A-Z][\w'.-]*|[a-z][\w'-]+(?=[ \t-]+(?:[a-z][\w'-]+[ \t]+)?{KIND}))"


class FacilityRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern(
            "name before facility",
            rf"\b{KIND_AHEAD}{WORD}(?:[ \t-]+{WORD}){{0,2}}(?=[ \t-]+{KIND})",
            0.5,
        ),
    ]
    CONTEXT = ["transferred", "transfer", "admitted", "from", "hospital"]
