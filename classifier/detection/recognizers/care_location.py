"""Places a patient moves between, named after a movement verb: "transferred to Quartermain 2",
"brought to GH", "admitted from Keeley House", "lives alone in white marsh"; and the place of a
facility: "the VA in Balt". One or two words that are neither clinical
vocabulary (CCU, OR, floor, rehab) nor common words; a ward number is not part of it."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME

_PLACES = """
    or ed er ew icu micu sicu ccu csru ctic pacu nicu unit floor ward room bed home house
    hospital hosp rehab cath lab ct mri ir radiology dialysis surgery step stepdown tele
    telemetry nursing facility snf ltac clinic office bathroom chair commode shower
"""
COMMON_PLACES = frozenset(_PLACES.split())
_STOP = "|".join(sorted(NOT_A_NAME | CLINICAL_TERMS | COMMON_PLACES, key=len, reverse=True))
WORD = rf"\b(?!(?:{_STOP})\b)[A-Z][A-Z'-]+\b"
VERBS = (
    r"transfer(?:red|ed|ring)?|admitted|readmitted|brought|sent|went|go|going|came|"
    r"arrived|returned|discharged|d/c'?d|moved|lives|living|resides"
)

FACILITIES = r"va|hospital|hosp|clinic|rehab|center|centre|nursing[ \t]+home"


class CareLocationRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern(
            "place after movement verb",
            rf"(?<=\b(?:{VERBS})(?:[ \t]+(?:back|out|again|today|here|alone|now|currently))?[ \t]+"
            rf"(?:to|from|at|in|into|via)[ \t]+(?:the[ \t]+)?){WORD}(?:[ \t]+{WORD})?",
            0.45,
        ),
        Pattern(
            "place of a facility",
            rf"(?<=\b(?:{FACILITIES})[ \t]+in[ \t]+){WORD}(?:[ \t]+{WORD})?",
            0.45,
        ),
    ]
    CONTEXT = ["transferred", "transfer", "admitted", "brought", "sent"]
