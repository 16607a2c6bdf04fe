"""The place after a European postcode on an address line: "Fennesingel 3, 3735 CO Alem",
"aleja Cisowa 78/65, 40-736 Sopot", "Reitererring 0/8, 4669 Wels", "Hauptstrasse 5, 10115
Berlin", "7159 Bruck an der Leitha". The postcode (5 digits; 4 digits and an optional
two-letter Dutch suffix; "99-999" Polish; "9999-999" Portuguese) starts a line or follows a
comma; a 4-digit one (which a year also has) only after a house number and a comma, or at the
start of the line after a street line. The place: one to four capitalised words, the small
words of a place name between them ("an der", "sur", "de", "la"), to the line's end, a comma,
a full stop or a blank run."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

_CAP = r"(?-i:[A-ZÀ-ÖØ-Þ'][\w'’-]*)"
_SMALL = r"(?:an|am|der|die|den|bei|im|in|sur|sous|de|du|des|la|le|les|en|aan|op|a|di|del|do|da)"
PLACE = rf"{_CAP}(?:[ \t](?:(?:{_SMALL})[ \t])*{_CAP}){{0,3}}"
FOLLOWS = r"(?=[ \t]*(?:$|[,.;)\n]|[ \t]{2}|\(|[ \t]+(?:tel|phone|fax|e-?mail)\b))"
# after a comma or a line break (the street line before), as european_postcode.py
LINE_OR_COMMA = r"(?:(?<=,[ \t])|(?<=\n)|^)"
# a 4-digit code: after a house number and a comma, or starting the line under a street line;
# not after a page, clause or section number ("page 12, 2019 Annual Report") or a month and
# day ("On July 21, 1952 Mittala Kamal Sab")
NOT_A_REFERENCE = (
    r"(?<!\b(?:page|p|pp|section|sec|article|art|clause|chapter|item|no|nr|vol|jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    r"september|october|november|december)\.?[ \t]\d+,[ \t])"
)
AFTER_STREET = rf"(?:(?<=\d[a-zA-Z]?(?:/\d+)?,[ \t]){NOT_A_REFERENCE}|(?<=\d[a-zA-Z]?(?:/\d+)?\n))"
PL_PT = r"\d{2}-\d{3}|\d{4}-\d{3}"  # Polish, Portuguese
FIVE = rf"\d{{5}}|{PL_PT}|[1-9]\d{{3}}[ \t]?(?-i:[A-Z]{{2}})"
FOUR = r"[1-9]\d{3}"


class PostcodeCityRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern(
            "place after postcode", rf"(?<={LINE_OR_COMMA}(?:{FIVE})[ \t]){PLACE}{FOLLOWS}", 0.5
        ),
        Pattern(
            "place after 4-digit code",
            rf"(?<={AFTER_STREET}{FOUR}[ \t])(?!(?-i:[A-Z]{{2}})[ \t]){PLACE}{FOLLOWS}",
            0.5,
        ),
    ]
    CONTEXT = ["address", "resides", "lives", "postcode", "city"]


class FourDigitPostcodeRecognizer(DeclarativeRecognizer):
    """A 4-digit postcode (Austria, Belgium, Switzerland, Denmark, Norway, Hungary...) after a
    house number and a comma, or starting the line under a street line, before a place; and a
    Polish or Portuguese one where a place follows it."""

    ENTITY = "ZIP_CODE"
    PATTERNS = [
        Pattern("4-digit postcode", rf"{AFTER_STREET}{FOUR}(?=[ \t]{PLACE}{FOLLOWS})", 0.5),
        Pattern(
            "PL/PT postcode",
            rf"{LINE_OR_COMMA}(?:{PL_PT})(?=[ \t]{PLACE}{FOLLOWS})",
            0.5,
        ),
    ]
    CONTEXT = ["address", "resides", "lives", "postcode"]
