"""What a value of a type looks like: a phone number's digit groups, a date's month, day or
year, an identifying age; and the month/day shapes that are a setting or a score."""

from __future__ import annotations

import dataclasses
import re

from classifier.document import Finding

MAX_PLAIN_AGE = 89

# Digit-group layouts of a phone number (optional country code 1, optional extension).
_PHONE_GROUPS = {(3, 4), (3, 3, 4), (1, 3, 3, 4), (10,), (7,), (1, 10), (3, 7), (6, 4), (2, 4, 4)}


# An extension of the hospital exchange on its own (x4-1234, x41234)
_EXTENSION = re.compile(r"x\d-?\d{3,4}", re.I)
_DOTTED_PHONE = re.compile(r"\d{2,4}(?:\.\d{2,4}){2,4}|\d{3}\.\d{4}")  # or a local 555.0142


# A national number with its trunk prefix or an international one with its country code, in
# groups (01 42 68 53 00, 02 555 12 34, +32 2 555 12 34): no blood gas, range or score
_PREFIXED_PHONE = re.compile(r"(?:\+\d{1,3}|0\d{0,4})(?:[ .-]\d{1,4}){2,5}")


def phone_shaped(value: str) -> bool:
    """Reject what the phone library accepts in notes: blood gases (7.35/42/98), ranges
    (125-170/70-90), clock times (0600-0800); dotted groups are a phone's (617.253.1000)."""
    if _PREFIXED_PHONE.fullmatch(value) and 9 <= sum(c.isdigit() for c in value) <= 15:
        return True
    if _EXTENSION.fullmatch(value):  # an extension on its own: x4-1234
        return True
    if "." in value:  # dotted groups of two to four digits (617.253.1000, 01.84.17.61.18)
        return _DOTTED_PHONE.fullmatch(value.strip("()+ ")) is not None
    groups = tuple(len(g) for g in re.findall(r"\d+", re.split(r"(?i)\s*(?:x|ext)", value)[0]))
    return groups in _PHONE_GROUPS or (len(groups) > 1 and sum(groups) > 10 and groups[0] > 1)


_MONTH_OR_DAY_NAME = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|mon(?:day)?|"
    r"tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|"
    r"sun(?:day)?)\b\.?"
    r"|\b(?:19|20)\d{2}(?:'?s)?\b|'\d{2}\b|\b\d{1,2}(?:st|nd|rd|th)\b",
    re.I,
)
# A month/day shape that is a setting or a score: vent settings (PS 10/5, CPAP 5/5, flowby
# 6/3), cardiac output/index (CO/CI 5/3), pain (c/o 3/10, "pain as 5/10", 8/10 CP), strengths
# (3/4 str). None of the 180 annotated month/day dates of the development notes has these
# words before or after it.
_SETTING_BEFORE = re.compile(
    r"\b(?:ps|psv|cpap|peep|imv|simv|bipap|ipap|epap|flow-?by|co/ci|pain|c/o|rated|rates|"
    r"scale|score|(?:increased|decreased|weaned|changed)[ \t]+to|ventilation|vent|settings|"
    r"mask|a/?c|cmv|prvc)\b[^\n\d]{0,12}$"
    # a mode and its tidal volume before the pressures: "simv 900 10/25", "AC 500TV/50 / 5/10"
    r"|\b(?:simv|imv|a/?c|cmv|prvc|vc)[ \t]+\d{3,4}[^\n]{0,12}$",
    re.I,
)
# a setting's oxygen share after it: "10/5 40%", "5/10/40%", "16/5/50%"
_SETTING_AFTER = re.compile(
    r"^(?:[ \t]?(?:str|strength|hrs?|ps|peep|cp|pain)\b|[ \t]*/?[ \t]*\d{2,3}[ \t]?%)", re.I
)
_FRACTION = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{1,4})?")
# a pain score's range: "3-4/10"
_SCORE_RANGE = re.compile(r"\d[ \t]?[-\u2013][ \t]?$")
_DATE_PREPOSITION = re.compile(r"\b(?:on|since|from|until|till|by|through|thru)[ \t]+$", re.I)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[/-](\d{1,2})(?:[/-]\d{2,4})?(?![\d.])")


def date_shaped(value: str) -> bool:
    """A month or day name, a year, an ordinal day, or a month/day (or month/yy) that exists:
    not a blood gas (102/41/7.34), pressures (32/15), vent settings (14/12) or a bare number.
    On the tuning half, 5 of the annotated dates fail it (bare day numbers)."""
    if _MONTH_OR_DAY_NAME.search(value):
        return True
    return any(
        1 <= int(m[1]) <= 12 and (1 <= int(m[2]) <= 31 or len(m[2]) == 2)
        for m in _NUMERIC_DATE.finditer(value)
    )


def setting_or_score(text: str, start: int, end: int) -> bool:
    """A month/day shape that reads as a vent setting, a pain score or a strength."""
    before = text[max(0, start - 40) : start]  # not the whole text: long texts
    value = text[start:end]
    if not _FRACTION.fullmatch(value) or _DATE_PREPOSITION.search(before):
        return False
    if value.count("/") == 2:  # three numbers: a setting only with its oxygen share after it
        return text[end : end + 2].lstrip(" ").startswith("%")
    if value.endswith("/10") and (
        "pain" in text[max(0, start - 40) : end + 40].lower()
        or _SCORE_RANGE.search(text[max(0, start - 4) : start])
    ):
        return True
    return bool(
        _SETTING_BEFORE.search(text[max(0, start - 30) : start])
        or _SETTING_AFTER.match(text[end : end + 10])
    )


def identifying_age(value: str) -> bool:
    """HIPAA Safe Harbor: an age is an identifier over 89 only ("67 YO" is not redacted)."""
    digits = re.findall(r"\d+", value)
    return not digits or int(digits[0]) > MAX_PLAIN_AGE


_NUMBER_RUN = re.compile(r"\+?\(?\d[\d ().-]*\d\)?")
_WORD = re.compile(r"[^\W\d_]{2,}")


_TRAILING_WORDS = re.compile(r"(?<=[\d)])[^\d]*[^\W\d_][^\d]*$")


def _without_trailing_words(f: Finding, value: str) -> Finding:
    """A phone number without the words after its last digit ("0600-0800 shift"); an
    extension's digits ("ext 12") keep what is before them."""
    cut = _TRAILING_WORDS.search(value)
    return dataclasses.replace(f, end=f.start + cut.start()) if cut else f


def split_number_lists(text: str, findings: list[Finding]) -> list[Finding]:
    """A phone number finding that holds two numbers with a word between them ("617-555-0199
    or 617-555-0142", joined by the tagger) is two findings; the word is not a phone number;
    nor are the words after a number's last digit ("0600-0800 shift")."""
    out = []
    for f in findings:
        value = text[f.start : f.end]
        if f.entity_type != "PHONE_NUMBER" or not _WORD.search(value):
            out.append(f)
            continue
        runs = [m for m in _NUMBER_RUN.finditer(value) if sum(c.isdigit() for c in m[0]) >= 7]
        if len(runs) < 2:
            out.append(_without_trailing_words(f, value))
            continue
        out += [
            dataclasses.replace(f, start=f.start + m.start(), end=f.start + m.end()) for m in runs
        ]
    return out


# whole as found, or an age whose token goes on in words ("101-year-old")
NOT_EXTENDED = frozenset({"EMAIL_ADDRESS", "URL", "IP_ADDRESS", "PERSON", "LOCATION", "AGE"})
_GLUE = "-/"
_MAX_LETTERS = 3  # a letter-only part taken with a number: a prefix ("FT-"), not a label ("HOME-")
# how far a finding may grow on each side: a reference is short, and a blob of base64 or a URL
# path glued by "/" must not be walked once per finding in it
MAX_REACH = 32


def _part_ok(part: str) -> bool:
    return part.isalnum() and (any(c.isdigit() for c in part) or len(part) <= _MAX_LETTERS)


def _same_class(a: str, b: str) -> bool:
    return a.isdigit() == b.isdigit() and a.isalpha() == b.isalpha()


def _token_start(text: str, i: int) -> int:
    """Before `i`, over the parts glued to it ("GHC-OP-" before "24-1187")."""
    while i > 0 and text[i - 1].isalnum() and _same_class(text[i - 1], text[i]):
        i -= 1  # inside a run of digits or of letters: to its start
    while i > 1 and text[i - 1] in _GLUE and text[i - 2].isalnum():
        j = i - 1
        while j > 0 and text[j - 1].isalnum():
            j -= 1
        if not _part_ok(text[j : i - 1]):
            break
        i = j
    return i


def _token_end(text: str, i: int) -> int:
    """After `i`, over the parts glued to it ("-X" after "41882")."""
    n = len(text)
    while i < n and text[i].isalnum() and _same_class(text[i - 1], text[i]):
        i += 1
    while i + 1 < n and text[i] in _GLUE and text[i + 1].isalnum():
        j = i + 1
        while j < n and text[j].isalnum():
            j += 1
        if not _part_ok(text[i + 1 : j]):
            break
        i = j
    return i


def _token(text: str, start: int, end: int) -> tuple[int, int]:
    """The reference around text[start:end], looked for within MAX_REACH characters of it: a
    side that reaches that far is left as found (a blob is not walked once per finding)."""
    lo, hi = max(0, start - MAX_REACH), min(len(text), end + MAX_REACH)
    near = text[lo:hi]
    a, b = lo + _token_start(near, start - lo), lo + _token_end(near, end - lo)
    return (start if a == lo > 0 else a), (end if b == hi < len(text) else b)


def whole_identifier_tokens(text: str, findings: list[Finding]) -> list[Finding]:
    """A finding with digits that stops inside a reference takes the whole reference: the
    letters and digits glued to it by a hyphen or slash ("FT-558201" for "558201", "41882-X",
    "UNN/2015/198734"), when the whole has letters. Numbers joined by slashes and dashes alone
    are left as found: in a note they are vitals and settings ("10/5/50", "135/27")."""
    out = []
    for f in findings:
        value = text[f.start : f.end]
        if f.entity_type in NOT_EXTENDED or not any(c.isdigit() for c in value):
            out.append(f)
            continue
        start, end = _token(text, f.start, f.end)
        if not any(c.isalpha() for c in text[start:end]):
            start, end = f.start, f.end
        out.append(
            dataclasses.replace(f, start=start, end=end) if (start, end) != (f.start, f.end) else f
        )
    return out
