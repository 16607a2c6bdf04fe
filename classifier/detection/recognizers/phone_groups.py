"""Phone numbers the phone library rejects: mistyped ones, as in notes written in a hurry (a
North American number in parentheses whatever its grouping, "(240444-1243)", "(301 273 45166)";
ten or eleven digits in three groups with a phone word nearby), and numbers in a national
format it cannot place without a country, right after a phone label ("Phone: 0490 75 40 81",
"call me on 01.84.17.61.18") or before one ("930.167.3943 fax"), 7 to 15 digits. A number with
decimals, slashes or more digits around it is not one (blood gases, dates, ranges).
detect.py's phone-shape check keeps any grouping next to a label (`labelled_phone`), whoever
found the number."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

# nor a fourth group (a list of numbers); a dash glued to a word is a label's ("HOME-999 ...")
NOT_GLUED_BEFORE = r"(?<![\d./])(?<![\d./]-)(?<!\d[ -])"
NOT_GLUED_AFTER = r"(?![\d/-]|\.\d|[ -]\d)"  # a full stop ends a sentence
DASH = r"[ \t]?-[ \t]?"  # with a blank either side or none ("999- 999- 9999")
GROUP_GAP = rf"(?:{DASH}|[ \t])"
AREA = r"[2-9]\d{2}"
GROUPED = rf"{AREA}[ -]?\d{{3}}[ -]?\d{{4,5}}"
ANY_FORMAT = r"\+?(?:\(\d{1,4}\)|\d{1,4})(?:[ .-]?(?:\(\d{1,4}\)|\d{2,4})){1,5}"
LABEL = (
    r"\b(?:phone|mobile|cell|cellular|tel|telephone|fax|desk|pager|pgr|pg|beeper|bleep|ext|"
    r"extension|call me (?:at|on)|reach me (?:at|on)|reached at|answering at|messages to|"
    r"text me (?:at|on))(?:[ \t]+(?:number|no|num))?\.?[ \t]*(?:[:#-][ \t]*){0,2}[ \t\n]{0,3}"
)
LABEL_BEFORE = rf"(?<={LABEL})"
TRAILING_LABEL = r"[ \t]+(?:office|fax|mobile|cell|home|work|desk)\b"
LABEL_AFTER = rf"(?={TRAILING_LABEL})"
CLOCK = r"(?:[01]\d|2[0-3]):?[0-5]\d"
CLOCK_RANGE = re.compile(rf"{CLOCK}[ \t]*-[ \t]*{CLOCK}")
_STARTS_WITH_CLOCK_RANGE = re.compile(rf"{CLOCK_RANGE.pattern}(?![\d-])")
_LABEL_ENDING = re.compile(rf"{LABEL}$", re.I)
_TRAILING_LABEL = re.compile(TRAILING_LABEL, re.I)


def labelled_phone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands right after a phone label or right before one: then any
    digit grouping is a phone number's, whoever found it (the tagger, or the phone library),
    unless it starts with a range of clock times ("pager 0600-0800", "0600-0800 shift")."""
    if _STARTS_WITH_CLOCK_RANGE.match(text[start:end].strip()):
        return False
    before = _LABEL_ENDING.search(text, max(0, start - 40), start) is not None
    return before or _TRAILING_LABEL.match(text, end) is not None


class PhoneGroupsRecognizer(DeclarativeRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern("labelled", rf"{LABEL_BEFORE}{ANY_FORMAT}{NOT_GLUED_AFTER}", 0.6),
        Pattern("label after", rf"{NOT_GLUED_BEFORE}{ANY_FORMAT}{LABEL_AFTER}", 0.6),
        Pattern("parenthesised", rf"\({GROUPED}\)", 0.5),
        Pattern(
            "three dashed groups",
            rf"{NOT_GLUED_BEFORE}{AREA}{DASH}\d{{3}}{DASH}\d{{4}}{NOT_GLUED_AFTER}",
            0.45,
        ),
        Pattern(
            "three groups (weak)",
            rf"{NOT_GLUED_BEFORE}{AREA}{GROUP_GAP}\d{{3}}{GROUP_GAP}\d{{4,5}}{NOT_GLUED_AFTER}",
            0.3,
        ),
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        if CLOCK_RANGE.fullmatch(pattern_text):  # "pager 0600-0800 shift"
            return False
        return None if 7 <= sum(c.isdigit() for c in pattern_text) <= 15 else False

    CONTEXT = ["phone", "call", "called", "cell", "tel", "telephone", "pager", "beeper", "contact"]
