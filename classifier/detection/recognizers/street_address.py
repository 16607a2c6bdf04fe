"""Street addresses, whole: house number, street name, street type, optional unit, and the
city, state and ZIP when they follow; also PO boxes, military (PSC/Unit ... APO/FPO/DPO)
addresses, a unit on its own (Apt. 12), a street named without its number (Harford Road) and
common European street forms (Hauptstrasse 5)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.zip_code import STATES
from classifier.detection.vocabulary import NOT_A_NAME_OR_TERM

SUFFIX = (
    r"(?:street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|"
    r"pl|terrace|ter|circle|cir|parkway|pkwy|highway|hwy|square|sq|trail|trl|plaza|plz|alley|"
    r"pike|turnpike|crescent|close|row|loop|run|path|walk|expressway|freeway|route|rte)\.?"
)
# Street-name words are capitalised, not all capitals: in upper-case clinical notes
# "103 SR TO ST" is a heart rhythm.
CAPWORD = r"(?-i:[A-ZÀ-Ý][a-zà-ÿ][\w'’-]*|\d{1,3}(?:st|nd|rd|th))"
UNIT = (
    r"(?:apt|apartment|suite|ste|unit|room|rm|floor|fl|bldg|building|#)\.?[ \t]*#?[ \t]*"
    r"[A-Z0-9-]{1,6}\b"
)
CITY_STATE_ZIP = (
    rf"(?:,?[ \t\n]+(?-i:[A-Z][\w'’.-]+(?:[ \t]+[A-Z][\w'’.-]+){{0,2}}),?[ \t\n]+"
    rf"(?-i:{STATES})\.?(?:[ \t]+\d{{5}}(?:-\d{{4}})?)?)?"
)
US_STREET = (
    rf"\b\d{{1,6}}[A-Z]?(?:[ \t]+(?:[NSEW]|north|south|east|west)\.?)?(?:[ \t]+{CAPWORD}){{1,4}}?"
    rf"[ \t]+{SUFFIX}(?![\w])(?:,?[ \t]+{UNIT})?{CITY_STATE_ZIP}"
)
EURO_STREET = (
    r"(?-i:\b[A-ZÀ-Ý][\wà-ÿ]*(?:strasse|straße|gasse|weg|platz|katu|tie|gatan|vägen|vej|gade|"
    r"straat|laan|utca|allee))[ \t]+\d{1,4}[a-z]?\b"
    r"|(?:\b(?:rua|avda\.|av\.|avenida|calle|via|rue|ul\.|ulica|strada|carrer|viale|piazza|"
    r"travessa|largo|praça|paseo|plaza|camino|ronda|corso|vicolo|boulevard|chemin|impasse)"
    r"|(?<![\w/])c/)"  # "c/ Argumosa 27": the Spanish calle
    r"(?:[ \t]+(?:(?:de|do|da|dos|das|del|della|di|la|le|du|des|dels)[ \t]+)?"
    r"(?-i:[A-ZÀ-Ý][a-zà-ÿ][\wà-ÿ'.-]*)){1,4},?[ \t]+\d{1,4}[a-z]?\b"
)
# a street named without its number ("lives on Harford Road"): title case, a full street word
# (tested ahead first, so the word list is tried only where a match can start)
STREET_WORD = r"(?-i:Street|Avenue|Road|Boulevard|Lane|Parkway|Terrace)\b"
STREET_NAME = (
    rf"\b(?=(?:[\w'-]+[ \t]+){{1,3}}{STREET_WORD})(?!(?:{NOT_A_NAME_OR_TERM})\b)"
    rf"(?-i:[A-Z][a-z][\w'-]*[ \t]+){{1,3}}{STREET_WORD}"
)
PO_BOX = r"\b(?:p\.?[ \t]?o\.?[ \t]?box|post[ \t]?office[ \t]box|postbox)[ \t]+\d{1,6}\b"
MILITARY = (
    r"\b(?:psc|unit|cmr|usns|usnv|uss)[ \t]+[\w ]{1,20}?,?[ \t]+box[ \t]+\d{1,5}"
    r"(?:[ \t\n]+(?:apo|fpo|dpo)[ \t]+(?:aa|ae|ap)[ \t]+\d{5})?"
)


class StreetAddressRecognizer(DeclarativeRecognizer):
    ENTITY = "STREET_ADDRESS"
    PATTERNS = [
        Pattern("us street address", US_STREET, 0.6),
        Pattern("european street", EURO_STREET, 0.5),
        Pattern("street name", STREET_NAME, 0.45),
        Pattern("po box", PO_BOX, 0.6),
        Pattern("military address", MILITARY, 0.6),
        Pattern(
            "unit alone", r"\b(?:apt|apartment|suite|ste)\.?[ \t]*#?[ \t]*\d{1,5}[A-Z]?\b", 0.5
        ),
    ]
    CONTEXT = ["address", "street", "lives", "live", "located", "mail", "send", "residence"]
