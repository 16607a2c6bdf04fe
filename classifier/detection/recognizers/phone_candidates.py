"""Phone numbers, in Presidio's PhoneRecognizer's place: one compiled pattern finds the
candidates (digit groups with an optional +country code, parentheses, blanks, dots or dashes),
then the phone library validates each candidate alone, for a number in international form
(+33 1 42 68 53 00) or in the national form of one of REGIONS (617.253.1000, 01 42 68 53 00,
020 7946 0958, 02 555 12 34). Presidio ran the library's matcher over the whole text once per
region, a large share of detection time."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers.re_util import enable_pattern_cache
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from classifier.detection.recognizers.phone_groups import CLOCK_RANGE
from classifier.detection.spans import covered_by
from classifier.document import Finding

if TYPE_CHECKING:
    from presidio_analyzer.nlp_engine import NlpArtifacts

NAME = "PhoneCandidateRecognizer"
SCORE = 0.4  # as Presidio's: the context words make it sure
CONTEXT = [
    "phone",
    "number",
    "telephone",
    "cell",
    "cellphone",
    "mobile",
    "call",
    "tel",
    "fax",
    "desk",
    "line",
    "dial",
    "ring",
    "reach",
    "contact",
]
REGIONS = ("US", "GB", "FR", "BE", "DE", "NL", "CH", "IT", "ES", "IE", "CA", "AU", "IN", "IL")
CANDIDATE = re.compile(
    r"(?<![\w+./-])"
    r"(?P<number>(?:\+\d{1,3}[ .-]?(?:\(0\)[ ]?)?)?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}"
    r"(?:[ .-]?\d{2,5}){1,5})"
    r"(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5})?"  # an extension: "x45", "ext. 120"
    r"(?![\w/]|[.-]\d)",
    re.I,
)
MIN_DIGITS, MAX_DIGITS = 7, 15
# A 7-digit local number ("555-0142", "555.0142") no region's rules accept without its area
# code: a phone only with a phone word nearby (context), as the tagger finds it
LOCAL = re.compile(r"(?<![\w./-])[2-9]\d{2}[-.]\d{4}(?![\w/]|[.-]\d)")
LOCAL_SCORE = 0.3
SSN_SHAPE = re.compile(r"\d{3}-\d{2}-\d{4}")  # valid German or Belgian digits, but an SSN
# The library compiles its metadata patterns per call, through re's cache of 512, which its
# regions' patterns and ours overflow: keep them compiled (a fixed set), the same matches
enable_pattern_cache()


def valid_phone(value: str) -> bool:
    """Whether the phone library finds `value`, whole, to be a valid number of one of
    REGIONS (its matcher leaves out dates, times and other digit runs)."""
    if CLOCK_RANGE.fullmatch(value) or SSN_SHAPE.fullmatch(value):
        return False
    leniency = phonenumbers.Leniency.VALID
    return any(
        _parses_valid(value, region)
        and any(
            m.start == 0 and m.end == len(value)
            for m in phonenumbers.PhoneNumberMatcher(value, region, leniency=leniency)
        )
        for region in REGIONS
    )


def _parses_valid(value: str, region: str) -> bool:
    """Whether the library parses `value` as a valid number for `region`: what its matcher
    checks of a match that is the whole value (and more), so a region where it is not is
    not matched (most candidates, at a fraction of the matcher's cost)."""
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(value, region)))
    except phonenumbers.NumberParseException:
        return False


class PhoneCandidateRecognizer(EntityRecognizer):
    def __init__(self) -> None:
        super().__init__(supported_entities=["PHONE_NUMBER"], name=NAME, context=CONTEXT)

    def load(self) -> None:
        pass

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        out = []
        for m in CANDIDATE.finditer(text):
            digits = sum(c.isdigit() for c in m["number"])
            if MIN_DIGITS <= digits <= MAX_DIGITS and valid_phone(m["number"]):
                out.append(self._result(m.start(), m.end(), SCORE))
        held = covered_by([Finding(r.start, r.end, "", 0.0) for r in out])
        out += [
            self._result(m.start(), m.end(), LOCAL_SCORE)
            for m in LOCAL.finditer(text)
            if not held(m.start(), m.end())
        ]
        return out

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult(
            "PHONE_NUMBER",
            start,
            end,
            score,
            analysis_explanation=AnalysisExplanation(NAME, score),
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: NAME,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
