"""Places a patient moves between, named after a movement verb: "transferred to Quartermain 2",
"brought to GH", "admitted from Keeley House", "lives alone in white marsh", "accepted at Briar
Glen", "admitted 4/12 to Linwood", "home in Fairhaven"; the place of a facility: "the VA
in Balt"; and a hospital's abbreviation (data/hospital_abbreviations.txt) after a preposition:
"sent to ED at GH"; a ward by building and floor without a verb: "PLAN: TO Quartermain 2
WHEN BED AVAIL". One or two words, the first neither clinical vocabulary (CCU, OR, floor,
rehab) nor a common word, the second not a common word ("Bright Heart"); a ward number is not
part of it."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME, one_of

_PLACES = """
    or ed er ew icu micu sicu ccu csru ctic pacu nicu unit floor ward room bed home house
    hospital hosp rehab cath lab ct mri ir radiology dialysis surgery step stepdown tele
    telemetry nursing facility snf ltac clinic office bathroom chair commode shower
"""
COMMON_PLACES = frozenset(_PLACES.split())

_STOP = one_of(NOT_A_NAME | CLINICAL_TERMS | COMMON_PLACES)
WORD = rf"\b(?!(?:{_STOP})\b)[A-Z][A-Z'-]+\b"
# clinical words that are also part of a place's name ("Bright Heart"): a second word may be one
NAME_TERMS = r"heart"
NEXT_WORD = rf"(?:{WORD}|\b(?:{NAME_TERMS})\b)"
VERBS = (
    r"transfer(?:red|ed|ring)?|admitted|readmitted|adm|brought|sent|went|go|going|came|"
    r"arrived|arrival|returned|discharged|d/c'?d|moved|lives|living|resides|accepted|excepted"
)
# an acceptance (by a rehab, a hospital) and a home are a place's too: "accepted by", "home in"
OTHER_LEADS = r"(?:ac|ex)cepted[ \t]+by|home[ \t]+in"
# a date or a clock time between the verb and the place: "admitted 9/30 to", "arrived at 2 AM"
WHEN = r"(?:[ \t]+(?:at[ \t]+|on[ \t]+)?\d[\d/:.]*(?:[ \t]*(?:am|pm))?)?"
HOSPITAL_ABBREVIATIONS = tuple(data_lines("hospital_abbreviations.txt"))
ABBREVIATIONS = "|".join(HOSPITAL_ABBREVIATIONS)

FACILITIES = r"va|hospital|hosp|clinic|rehab|center|centre|nursing[ \t]+home"
# A ward named by its building and floor, without a verb: "PLAN: TO Quartermain 2 WHEN BED
# AVAIL", "INTUBATED ON QUARTERMAIN 2". The floor number ends a clause (no unit, no second
# number: "on Lasix 40 mg", "on PS 10/5"); the name is four letters at least.
WARD_LEAD_WORDS = r"(?:to|on|onto|from|plan:)[ \t]+(?:the[ \t]+)?"  # filters.strong_context too
WARD_LEAD = rf"(?<=\b{WARD_LEAD_WORDS})"
# months and days, units and document references before a number: no ward
NOT_A_WARD = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|"
    r"fri|sat|sun)[a-z]*|size|gravida|para|grade|stage|type|level|day|pod|class|phase|step|"
    r"zone|score|number|group|dose|cycle|week|month|year|hour|line|page|table|figure|part|"
    r"section|tier|version|channel|lead|rib|vertebra|segment|article|clause|schedule|exhibit|"
    r"annex|appendix|item|entry|slide|chapter|paragraph|rule|note|form|list|interstate|highway|"
    r"route"
)
FLOOR_ENDS_CLAUSE = (
    r"(?=[ \t]+\d{1,2}(?:[ \t]*(?:$|[.,;)](?!\d)|\b(?:when|once|if|for|bed|today|tonight|tomorrow|"
    r"pending|after|via|per|and|with|this|in|at)\b)))"
)


class CareLocationRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern(
            "place after movement verb",
            rf"(?<=\b(?:(?:{VERBS})(?:[ \t]+(?:back|out|again|today|here|alone|now|currently))?"
            rf"{WHEN}[ \t]+(?:to|from|at|in|into|via)|{OTHER_LEADS})[ \t]+(?:the[ \t]+)?)"
            rf"{WORD}(?:[ \t]+{NEXT_WORD})?",
            0.45,
        ),
        Pattern(
            "hospital abbreviation",
            rf"(?<=\b(?:to|from|at|in|into|via|the)[ \t]+|@[ \t]*)(?-i:{ABBREVIATIONS})\b",
            0.45,
        ),
        Pattern(
            "ward and floor",
            rf"{WARD_LEAD}(?=(?-i:[A-Z])[A-Za-z'-]{{3}})(?!{NOT_A_WARD}\b){WORD}{FLOOR_ENDS_CLAUSE}",
            0.45,
        ),
        Pattern(
            "place of a facility",
            rf"(?<=\b(?:{FACILITIES})[ \t]+in[ \t]+){WORD}(?:[ \t]+{WORD})?",
            0.45,
        ),
    ]
    CONTEXT = ["transferred", "transfer", "admitted", "brought", "sent"]
