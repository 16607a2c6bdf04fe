"""A US city before its state: "Dover, Delaware", "ELLICOTT CITY, MARYLAND" (city and state),
"Towson, MD" (the city: a postal code after a name may be a credential, "Smith, MD"), and
"Lake Ives, IN 46201" (city and state: a code that is also a word, IN, OR, OK, only before
a ZIP code, which zip_code.py finds). One to three capitalised words, the first not a
common word or clinical vocabulary."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.zip_code import STATES
from classifier.detection.vocabulary import NOT_A_NAME_OR_TERM, one_of

_NAMES = data_lines("us_state_names.txt")
STATE_NAME = one_of([*_NAMES, *(n.upper() for n in _NAMES)])
# postal codes that are also words or clinical abbreviations: a state only before a ZIP code
AMBIGUOUS = {"IN", "OR", "OK", "ME", "HI", "PA", "CT", "MS", "DE", "CO", "LA", "MA", "ID", "OH"}
PLAIN_CODES = "|".join(c for c in STATES.split("|") if c not in AMBIGUOUS and len(c) == 2)
# the first word is not a common word, clinical vocabulary or a title ("Dr. Hart, MD")
NOT_FIRST = rf"(?!(?:{NOT_A_NAME_OR_TERM})\b|(?:dr|mr|mrs|ms|prof|rev)\.)"
COMMA = r",[ \t]*"
# a cheap test first: one to three capitalised words, a comma and a capital ahead, so the long
# word list of NOT_FIRST is tried only where a match can start (the same matches, much faster)
AHEAD = r"(?=(?-i:[A-Z])[\w'.-]*(?:[ \t]+(?-i:[A-Z])[\w'.-]*){0,2},[ \t]*(?-i:[A-Z]))"
TITLE_WORD = r"(?-i:[A-Z][a-z][\w'.-]*)"
CITY = rf"\b{AHEAD}{NOT_FIRST}{TITLE_WORD}(?:[ \t]+{TITLE_WORD}){{0,2}}"
UPPER_CITY = rf"\b{AHEAD}{NOT_FIRST}(?-i:[A-Z][A-Z'.-]+(?:[ \t]+[A-Z][A-Z'.-]+){{0,2}})"


class CityStateRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern("city, state name", rf"(?:{CITY}|{UPPER_CITY}){COMMA}(?-i:{STATE_NAME})\b", 0.5),
        Pattern("city, postal code", rf"{CITY}(?={COMMA}(?-i:{PLAIN_CODES})\b(?![.'-]\w))", 0.45),
        Pattern("city, state before zip", rf"{CITY}{COMMA}(?-i:{STATES})(?=[ \t]+\d{{5}}\b)", 0.5),
    ]
    CONTEXT = ["lives", "live", "from", "city", "town", "state", "address", "home"]
