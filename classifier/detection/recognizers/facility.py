"""Named care facilities, which nursing notes mention by name: the capitalised words before
Hospital / Hosp / Medical Center / Med Ctr / Heart Center / Clinic / Rehab / Nursing Home / VA /
Campus / Building (the generic word itself is not part of the match); a name with Memorial
("Grant Memorial", "Bright Heart Memorial"); and a saint's name ("St. Ives", "St B.").
No word is clinical vocabulary or a common word but a place-name part after the first
("bright heart hospital")."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.care_location import NAME_TERMS
from classifier.detection.vocabulary import NOT_A_NAME, NOT_A_NAME_OR_TERM, one_of

CENTER = (
    r"(?:medical|med|health|heart|cancer|surgical|surgery|dialysis|rehab)[ \t]+"
    r"(?:cent(?:er|re)|ctr)"
)
KIND = (
    rf"(?:hospital|hosp|{CENTER}|clinic|rehab|rehabilitation|nursing[ \t]+home|va\b|infirmary|"
    r"hospice|campus|building|pavilion)"
)
_STOP = NOT_A_NAME_OR_TERM
UNIT_WORDS = r"apt|apartment|suite|ste|unit|floor|fl|bldg|building|room|rm"
_NOT_NEXT = one_of(NOT_A_NAME)
# A facility word at most three words ahead: a cheap test first, so the long word list below
# is tried only where a match can end (the same matches, a fraction of the time). A word starts
# with a word character, a hyphen joins words unless a facility word follows it, and nothing
# is given back (possessive), so a run of dashes ("-----" under a heading) or "a-b-c-..." is
# read one way: `[\w'.-]+[ \t-]+` could split it in cubic many ways per position (12.8 s on
# one 8,000-character page, minutes on a line of 300 dashes)
KIND_AHEAD = rf"(?=(?:[\w'.]++(?:-(?!{KIND})[\w'.]++)*+[ \t-]++){{1,3}}{KIND})"
NAME_WORD = rf"(?-i:[A-Z][\w'.-]*|[a-z][\w'-]+(?=[ \t-]+(?:[a-z][\w'-]+[ \t]+)?{KIND}))"
WORD = rf"(?!(?:{_STOP})\b){NAME_WORD}"
NEXT_WORD = rf"(?:{WORD}|(?:{NAME_TERMS})\b)"
# "St." or "St" in title case (in upper case "ST" is a heart rhythm: "HR 90'S ST. REMAINS"),
# then a capitalised word or an initial; not a street's unit ("Main St Apt 4")
SAINT = (
    rf"\b(?-i:St)\.?[ \t]+(?!(?:{UNIT_WORDS})\b)"
    rf"(?-i:[A-Z]\.|(?!(?:{_STOP})\b)[A-Z][a-zA-Z'-]+)"
)
# a name with Memorial: capitalised words before it ("GRANT MEMORIAL"), or any before a
# capitalised Memorial ("bright heart Memorial"); Memorial ahead tested first (faster)
CAP, ANY = r"(?-i:[A-Z][\w'-]*)", r"[A-Za-z][\w'-]*"
MEMORIAL_NAME = (
    rf"\b(?=(?:[\w'-]+[ \t]+){{1,3}}memorial\b)(?!(?:{_STOP})\b)"
    rf"(?:{CAP}(?:[ \t]+(?!(?:{_NOT_NEXT})\b){CAP}){{0,2}}[ \t]+memorial"
    rf"|{ANY}(?:[ \t]+(?!(?:{_NOT_NEXT})\b){ANY}){{0,2}}[ \t]+(?-i:Memorial|MEMORIAL))\b"
)


class FacilityRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern(
            "name before facility",
            rf"\b{KIND_AHEAD}{WORD}(?:[ \t-]+{NEXT_WORD}){{0,2}}(?=[ \t-]+{KIND})",
            0.5,
        ),
        Pattern("name with memorial", MEMORIAL_NAME, 0.5),
        Pattern("saint's name", SAINT, 0.5),
    ]
    CONTEXT = ["transferred", "transfer", "admitted", "from", "hospital"]
