"""Identifiers a document labels as such ("SSN: 123-45-6789", "MRN 00482913", "DOB 14.03.1962",
"Fax: 617.253.1000", "IBAN DE89 3704 ..."): the label (data/labelled_identifiers.txt), then
No. / # / ':' or blanks, then a value of the label's shape. Reported whatever its checksum
says, known sample numbers included (Presidio drops 123-45-6789 and 078-05-1120): a value a
person labelled as an identifier is redacted, and the finding says `validated: false`."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from presidio_analyzer import EntityRecognizer, RecognizerResult

from classifier.detection import anchors, prefilter
from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.phone_groups import CLOCK_RANGE

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

NAME = "LabelledIdentifierRecognizer"
SCORE = 0.9  # a labelled value is that identifier: sure enough for the fail-safe rule
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_GROUP = r"(?:[A-Z0-9]*\d[A-Z0-9]*|[A-Z]{1,2})"  # with a digit, or one or two capitals
_JOIN = r"(?:[ ]?[./-][ ]?|[ ])"
_CASE_PART = r"[\[(]?(?=[A-Za-z0-9/.:-]*\d)[A-Za-z0-9]+(?:[/.:-][A-Za-z0-9]+)*[\])]?"
_CASE_WORD = r"[A-Z][A-Za-z]{0,4}\.?"
VALUE_SHAPES = {
    "ssn": r"\d{3}[- .]?\d{2}[- .]?\d{4}(?![\d-])",
    "digits": r"\d{3}[- ]?\d{3}[- ]?\d{4}(?!\d)",
    "id": r"(?=[A-Z0-9/.-]*\d)[A-Z0-9][A-Z0-9/.-]{2,24}[A-Z0-9](?![\w-])",
    "date": (
        rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})(?![\d/.])"
        rf"|\d{{4}}-\d{{2}}-\d{{2}}(?!\d)"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?[ -]{_MONTH}[ -,]*\d{{4}}(?!\d)"
        rf"|{_MONTH}[ ]\d{{1,2}}(?:st|nd|rd|th)?,?[ ]\d{{4}}(?!\d))"
    ),
    "phone": (
        r"(?:\+\d{1,3}[ .-]?)?(?:\(0?\d{1,4}\)[ .-]?)?\d{2,4}(?:[ ./-]?\d{2,4}){1,4}"
        r"(?![\d/]|\.\d)(?:[ \t]*+(?:ext\.?|extn\.?|extension|x|poste|toestel|wewn\.?|durchwahl|"
        r"interno|ramal|line)[ \t]*+\d{1,5}(?!\d))?"  # extension
    ),
    # a booking's or ticket's reference: capitals and digits, digits optional ("K7QX2M")
    "ref": r"(?-i:[A-Z0-9][A-Z0-9-]{3,15}[A-Z0-9])(?![\w-])",
    "iban": r"(?-i:[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{1,4}){2,8})(?![A-Za-z0-9])",
    # national, tax and passport numbers: capitals and digits in groups joined by a blank or
    # . / - ("QQ 12 34 56 C", "1 85 05 78 006 084 36", "756.9217.0769.85", "Y-2345678-Z");
    # a group without a digit is one or two capitals (a letter-only prefix up to four)
    "natid": rf"(?-i:(?:[A-Z]{{3,4}}{_JOIN}?)?{_GROUP}(?:{_JOIN}{_GROUP}){{0,9}})(?![\w-])",
    # court file numbers: words with digits, short capitalised words between them, a court
    # division in brackets at the end ("2 BvR 1234/21", "[2023] EWHC 1234 (Ch)", "5 O 123/23")
    "case": (
        rf"(?-i:(?:(?:{_CASE_PART}|{_CASE_WORD})[ ]){{0,5}}{_CASE_PART}"
        r"(?:[ ]\([A-Z][a-z]{1,4}\))?)(?![\w-])"
    ),
}
_DIGIT_COUNTS = {
    "ssn": (9, 9),
    "digits": (10, 10),
    "phone": (7, 20),  # with an extension
    "id": (3, 30),
    "natid": (4, 30),
    "case": (3, 30),
}
_YEAR = re.compile(r"(?:19|20)\d{2}")
# Blanks are matched possessively (`*+`): several optional runs of them in a row would
# otherwise try every split of a long run of blanks after a label (seconds on a contract page
# laid out with spaces).
SEPARATOR = (
    r"\.?(?:[ \t]*+(?:no\.?|nr\.?|n[°º]|n\.[°º]|number|num\.?|#))?"
    r"(?:[ \t]*+\([A-Za-z][A-Za-z.-]{0,11}\))?"  # "Social Security Number (SSN): ..."
    r"[ \t]*+[:#：=–-]?[ \t]*+(?:(?:is|was)[ \t]++)?"
    r"(?:(?:ending|ends)(?:[ \t]+(?:in|with))?[ \t]++)?\(?"  # "account ending 2290"
)


# Any "<word> ID / No. / Nr / Number / N° / #" before a value with a digit: labels no list
# names ("Hospice ID HSP-88120", "Consumer No: LA-448201", "Certis ID CS-44821", "Hosp no
# WX3319028"). On the probes' tune halves nearly every value so labelled is an annotated
# identifier (invoice and order numbers included); the word before the label says what is
# not a person's (data/unnumbered_things.txt: rooms, pages, articles, versions, lots ...).
GENERIC_KEY = r"(?:(?:id|no|nr|number|n[°º])(?![A-Za-z])|#)"
GENERIC = re.compile(
    rf"(?<![\w.])(?P<key>{GENERIC_KEY})\.?(?:[ \t]*+\.{{2,}}+)?[ \t]*+[:#]?[ \t]*+"
    rf"(?P<value>{VALUE_SHAPES['id']})",
    re.I,
)
_HEAD = re.compile(r"(?P<head>[^\W\d_][\w'’-]*\.?)[ \t]*+(?:/[ \t]*+(?:[^\W\d_]+[ \t]*+)?)?$")
HEAD_REACH = 40
_NUMBERS_WITH_SLASH = re.compile(r"[\d.-]*/[\d/.-]*")


@functools.cache
def _unnumbered() -> frozenset[str]:
    return frozenset(w.lower() for w in data_lines("unnumbered_things.txt"))


def _generic_head(text: str, key_start: int) -> bool:
    """Whether a word that may name a person's identifier stands right before the label."""
    m = _HEAD.search(text, max(0, key_start - HEAD_REACH), key_start)
    if m is None:
        return False
    head = m["head"].rstrip(".").lower()
    return len(head) >= 2 and head not in _unnumbered()


def _label_pattern(label: str) -> str:
    words = [re.escape(w) for w in label.split()]
    return r"[ \t]+".join(words)


@functools.cache
def _patterns() -> dict[tuple[str, str], re.Pattern[str]]:
    """One compiled pattern per (entity type, shape): any of its labels, then the value."""
    labels: dict[tuple[str, str], list[str]] = {}
    for line in data_lines("labelled_identifiers.txt"):
        entity, shape, label = line.split(maxsplit=2)
        if shape not in VALUE_SHAPES:
            raise ValueError(f"labelled_identifiers.txt: unknown shape {shape!r}")
        labels.setdefault((entity, shape), []).append(label)
    return {
        key: re.compile(
            r"(?<![\w.])(?:"
            + "|".join(_label_pattern(w) for w in sorted(words, key=len, reverse=True))
            + rf")(?![A-Za-z]){SEPARATOR}(?P<value>{VALUE_SHAPES[key[1]]})",
            re.I,
        )
        for key, words in labels.items()
    }


def _plausible(shape: str, value: str) -> bool:
    if shape == "phone" and CLOCK_RANGE.fullmatch(value):  # "pager 0600-0800 shift"
        return False
    if shape == "natid" and _YEAR.fullmatch(value):  # "Employee 2024 survey"
        return False
    if shape == "case" and len(value) < 4:  # "the case 730 under ...", as the id shape
        return False
    low, high = _DIGIT_COUNTS.get(shape, (0, 99))
    return low <= sum(c.isdigit() for c in value) <= high


def _generic_value(key: str, value: str) -> bool:
    """Two digits at least, not a year, a date or a score ("pain #9/10"); after a lower-case
    "no" (a word of prose: "no 2nd dose") letters and digits both, as a reference is written."""
    digits = sum(c.isdigit() for c in value)
    if digits < 2 or _YEAR.fullmatch(value) or _NUMBERS_WITH_SLASH.fullmatch(value):
        return False
    if key == "no":
        return any(c.isalpha() for c in value) and len(value) >= 5
    return True


class LabelledIdentifierRecognizer(EntityRecognizer):
    def __init__(self) -> None:
        entities = sorted({entity for entity, _ in _patterns()})
        super().__init__(supported_entities=entities, name=NAME)

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities) if entities else set(self.supported_entities)
        found: dict[tuple[str, int, int], None] = {}  # a label of two shapes: once
        folded = prefilter.folded(text)
        for (entity, shape), pattern in _patterns().items():
            if entity not in wanted:
                continue
            for m in anchors.finditer(pattern, text, folded):
                if _plausible(shape, m["value"]):
                    found[(entity, m.start("value"), m.end("value"))] = None
        if "ID" in wanted:
            spans = {(start, end) for _, start, end in found}
            for m in anchors.finditer(GENERIC, text, folded):
                if m.span("value") in spans or not _generic_value(m["key"], m["value"]):
                    continue
                if _generic_head(text, m.start()):
                    found[("ID", m.start("value"), m.end("value"))] = None
        return [self._result(*key) for key in found]

    def _result(self, entity: str, start: int, end: int) -> RecognizerResult:
        return RecognizerResult(
            entity,
            start,
            end,
            SCORE,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "validated": False,
            },
        )
