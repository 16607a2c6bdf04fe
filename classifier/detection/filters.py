"""The clean-up filters between the analyzer and the redactor, each a registered, named
function `(findings, context) -> kept findings`. `run` applies some by name and counts, per
filter, the findings it dropped."""

from __future__ import annotations

import bisect
import collections
import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field

from classifier.detection import shapes
from classifier.detection.datafiles import data_lines
from classifier.detection.failsafe import overruled
from classifier.detection.name_lexicon import census_names
from classifier.detection.names import BEFORE_CREDENTIAL, census_name, misspelt
from classifier.detection.recognizers.care_location import (
    HOSPITAL_ABBREVIATIONS,
    WARD_LEAD_WORDS,
    CareLocationRecognizer,
)
from classifier.detection.recognizers.facility import KIND as FACILITY_KIND
from classifier.detection.recognizers.facility import FacilityRecognizer
from classifier.detection.recognizers.phone_groups import labelled_phone
from classifier.detection.recognizers.tagger import NAME as TAGGER
from classifier.detection.recognizers.titled_name import TitledNameRecognizer
from classifier.detection.recognizers.visitor_name import VisitorNameRecognizer
from classifier.detection.spans import covered_by, overlap
from classifier.document import Finding
from classifier.ml.phi_tagger import TaggedSpan

PROPAGATED = "propagated"
NHS = "NhsRecognizer"
# Recognizers that guess from context (a name after "daughter" or before "RN", a place after
# "transferred to" or before "Hospital"): with the tagger, a guess is kept only where the tagger
# gives one of its words this much probability of being personal data. On the check half of
# the PhysioNet notes, tune-trained tagger: names 133 of 139 right guesses kept, 9 of 67 wrong;
# places 25 of 33 right, 4 of 34 wrong (unconfirmed, care locations had added 64 wrong
# characters for 28 right).
GUESS_CONFIRMED_AT = 0.02
GUESSING_RECOGNIZERS = tuple(
    r.__name__
    for r in (
        TitledNameRecognizer,
        FacilityRecognizer,
        CareLocationRecognizer,
        VisitorNameRecognizer,
    )
)
PATTERN_WINS_AT = 0.5  # a validated pattern (e-mail, card, IBAN...) this sure beats the tagger
# The tagger takes unknown words for names and places; a misspelt ordinary word is one. Not
# organisations, whose brands are misspelt words on purpose (Imedicare, Gradiant).
MISSPELLING_PRONE = ("PERSON", "LOCATION")


@dataclass(frozen=True)
class FilterContext:
    """What a filter may look at besides the findings it judges."""

    text: str
    findings: tuple[Finding, ...] = ()  # all findings, those the filter may not drop included
    words: tuple[TaggedSpan, ...] = ()  # the tagger's words with their scores, if it ran
    ordinary_words: Container[str] = frozenset()


Filter = Callable[[list[Finding], FilterContext], list[Finding]]
FILTERS: dict[str, Filter] = {}
# Filters that drop only characters of listed words that are never personal data (a label, a
# department): the fail-safe rule does not guard against them, as no identifier is lost.
VOCABULARY_FILTERS: set[str] = set()


def register(name: str, vocabulary: bool = False) -> Callable[[Filter], Filter]:
    def add(fn: Filter) -> Filter:
        if name in FILTERS:
            raise ValueError(f"filter {name!r} is registered twice")
        FILTERS[name] = fn
        if vocabulary:
            VOCABULARY_FILTERS.add(name)
        return fn

    return add


@dataclass
class DropCounts:
    """Per filter, how many findings it dropped."""

    counts: collections.Counter[str] = field(default_factory=collections.Counter)

    def add(self, name: str, dropped: int) -> None:
        if dropped:
            self.counts[name] += dropped


def run(
    names: Iterable[str],
    findings: list[Finding],
    context: FilterContext,
    drops: DropCounts,
) -> list[Finding]:
    """`findings` through the filters `names` in order, counting each one's drops. What a
    filter drops of the findings failsafe.protected guards comes back, unless a validated
    finding of another type holds it whole (a card number the tagger took for a phone)."""
    for name in names:
        context = dataclasses.replace(context, findings=tuple(findings))
        kept = FILTERS[name](findings, context)
        back = [] if name in VOCABULARY_FILTERS else overruled(findings, kept)
        if back:  # a shortened copy of a finding that comes back goes
            copy = _shortened_copies(back)
            kept = [k for k in kept if not copy(k)] + back
        drops.add(name, len(findings) - len(kept))
        findings = kept
    return findings


def _shortened_copies(originals: list[Finding]) -> Callable[[Finding], bool]:
    """`copy(finding)`: does one of `originals` of its type and recognizer hold it whole?
    (One index per type and recognizer: O(log n) a finding, not a scan of the originals.)"""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for o in originals:
        groups.setdefault((o.entity_type, o.recognizer), []).append(o)
    holds = {key: covered_by(group) for key, group in groups.items()}

    def copy(finding: Finding) -> bool:
        held = holds.get((finding.entity_type, finding.recognizer))
        return held is not None and held(finding.start, finding.end)

    return copy


def _typed(entity: str, keep: Callable[[Finding, str], bool]) -> Filter:
    """A filter that judges the findings of one type, one by one, by `keep(finding, text)`."""

    def judge(findings: list[Finding], context: FilterContext) -> list[Finding]:
        return [f for f in findings if f.entity_type != entity or keep(f, context.text)]

    return judge


register("phone_shape")(
    _typed(
        "PHONE_NUMBER",
        lambda f, text: (
            shapes.phone_shaped(text[f.start : f.end]) or labelled_phone(text, f.start, f.end)
        ),
    )
)
register("age_over_89")(
    _typed("AGE", lambda f, text: shapes.identifying_age(text[f.start : f.end]))
)
register("tagger_date_shape")(
    _typed(
        "DATE_TIME",
        lambda f, text: f.recognizer != TAGGER or shapes.date_shaped(text[f.start : f.end]),
    )
)
register("date_setting_or_score")(
    _typed("DATE_TIME", lambda f, text: not shapes.setting_or_score(text, f.start, f.end))
)


@register("nhs_number_shaped_like_a_phone")
def nhs_number_like_a_phone(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """Presidio's NHS numbers (10 digits with a mod-11 check, which one in eleven numbers
    passes) that are phone-shaped or on a phone number: two US numbers in one sentence are
    phone numbers. A labelled one ("NHS No. 943 476 5919") is LabelledIdentifierRecognizer's."""
    on_phone = overlap(f for f in context.findings if f.entity_type == "PHONE_NUMBER")

    def phone(f: Finding) -> bool:
        return shapes.phone_shaped(context.text[f.start : f.end]) or on_phone(f.start, f.end) > 0

    return [f for f in findings if f.recognizer != NHS or not phone(f)]


@register("url_in_email")
def url_in_email(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """No URL inside an e-mail address."""
    in_email = overlap(f for f in context.findings if f.entity_type == "EMAIL_ADDRESS")
    return [f for f in findings if f.entity_type != "URL" or not in_email(f.start, f.end)]


@register("unconfirmed_guess")
def confirmed_guesses(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """Keep a value found by its context only where the tagger gives one of its words at least
    GUESS_CONFIRMED_AT, or a name of census names: "daughter KRISSY" and "son bill" stay, "MS
    INCISION" and "FELLOW ARRIVED" go."""
    text = context.text
    if not any(f.recognizer in GUESSING_RECOGNIZERS for f in findings):
        return findings  # (the words below are sorted out only where a guess needs them)
    ordered = [w for w in context.words if sum(c.isalpha() for c in text[w.start : w.end]) > 1]
    starts = [w.start for w in ordered]

    def confirmed(f: Finding) -> bool:
        i = max(0, bisect.bisect_right(starts, f.start) - 1)
        inside = itertools.takewhile(lambda w: w.start < f.end, ordered[i:])
        if any(w.end > f.start and w.score >= GUESS_CONFIRMED_AT for w in inside):
            return True
        return f.entity_type == "PERSON" and census_name(
            text[f.start : f.end], context.ordinary_words
        )

    def kept(f: Finding) -> bool:
        if f.recognizer not in GUESSING_RECOGNIZERS:
            return True
        return strong_context(f, text, context.ordinary_words) or confirmed(f)

    return [f for f in findings if kept(f)]


# "Mr."/"Ms." with their full stop and not in capitals: "MS" is mental status ("changes in MS.
# Aspiration", "MS INCISION"), "MR" mitral regurgitation
_AFTER_TITLE = re.compile(
    r"(?:\b(?i:dr|drs|doctor|mrs|mister|prof|professor)\.?|\b(?:Mr|mr|Ms|ms|Miss|miss)\.)[ \t]*$"
)


def strong_context(f: Finding, text: str, ordinary: Container[str] = frozenset()) -> bool:
    """A guess whose context says what it is, whatever a tagger that never saw such notes
    thinks: a name right after a title ("DR. PRICE", "mrs. powers"), or right before a
    credential when no word of it is an ordinary word ("Q. LANDER RRT"; "PRIMARY CARE NP" and
    "4 LITERS NP" are no names); a listed hospital abbreviation ("TRANSFERED TO GH"), a place
    of no ordinary word before a facility word ("FROM HRBOR HOSP."), a ward
    before its floor ("TO QUARTERMAN 2"), a place in title case of two words or of one that is
    no ordinary word ("go to Sacred Heart"; not "Cont"). Chosen on the tune quarter a tune-a
    tagger never saw (docs/detection.md)."""
    value = text[f.start : f.end]
    words = [w.strip(".,").lower() for w in value.split()]
    unknown = all(w not in ordinary or w in census_names() for w in words)
    if f.entity_type == "PERSON":
        if _AFTER_TITLE.search(text, max(0, f.start - 12), f.start):
            return True
        return unknown and BEFORE_CREDENTIAL.match(text, f.end) is not None
    if f.entity_type != "LOCATION":
        return False
    ward = len(words) == 1 and _WARD_LEAD.search(text, max(0, f.start - 12), f.start) is not None
    return (
        value in HOSPITAL_ABBREVIATIONS
        or (unknown and _BEFORE_FACILITY.match(text, f.end) is not None)
        or (ward and _WARD_FLOOR.match(text, f.end) is not None)
        or (_title_case_words(value) and (len(words) > 1 or unknown))
    )


_WARD_LEAD = re.compile(rf"\b{WARD_LEAD_WORDS}$", re.I)
_BEFORE_FACILITY = re.compile(rf"[ \t]+{FACILITY_KIND}\b", re.I)
_WARD_FLOOR = re.compile(r"[ \t]+\d{1,2}\b(?![.,/:]\d)")
_TITLE_WORD = re.compile(r"[A-Z][a-z]{2,}")


def _title_case_words(value: str) -> bool:
    """Every word capitalised, as a proper name is written ("Holy Cross", "Sacred Heart"): not
    an all-capitals note's word."""
    words = value.split()
    return bool(words) and all(_TITLE_WORD.fullmatch(w.strip(".,")) for w in words)


@register("ordinary_word_after_name")
def without_ordinary_last_word(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """A name guessed from its context loses a last word that reads as the sentence going on:
    an ordinary word, neither a census given name nor surname ("Reed" stays), that the tagger
    gives under GUESS_CONFIRMED_AT ("DR [RUSSO] RECOMMENDED", "daughter [peggy] staying"). Its
    first word stays whatever it is."""
    scores = {(w.start, w.end): w.score for w in context.words}
    out = []
    for f in findings:
        if f.recognizer in GUESSING_RECOGNIZERS and f.entity_type == "PERSON":
            f = _last_word_checked(f, context, scores)
        out.append(f)
    return out


def _last_word_checked(
    f: Finding, context: FilterContext, scores: dict[tuple[int, int], float]
) -> Finding:
    words = list(re.finditer(r"[^\W\d_][\w'-]*", context.text[f.start : f.end]))
    if len(words) < 2:
        return f
    last = words[-1]
    span = (f.start + last.start(), f.start + last.end())
    w = last[0].lower()
    ordinary = w in context.ordinary_words and w not in census_names()
    if not ordinary or scores.get(span, 1.0) >= GUESS_CONFIRMED_AT:
        return f
    end = f.start + words[-2].end()
    return dataclasses.replace(f, end=end)


@register("misspelt_word")
def without_misspellings(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """The tagger's names and places without misspelt ordinary words at their edges
    ("REAMINS", "UNSUCCESFUL", "possibe"); a finding of nothing else goes. A capitalised word
    in lower case ("Pietersburg") is a proper name, not a slip."""
    out = []
    for f in findings:
        if f.recognizer != TAGGER or f.entity_type not in MISSPELLING_PRONE:
            out.append(f)
            continue
        words = list(re.finditer(r"\S+", context.text[f.start : f.end]))
        while words and misspelt(words[0][0], context.ordinary_words):
            words.pop(0)
        while words and misspelt(words[-1][0], context.ordinary_words):
            words.pop()
        if words:
            start, end = f.start + words[0].start(), f.start + words[-1].end()
            out.append(dataclasses.replace(f, start=start, end=end))
    return out


@register("tagger_yields_to_pattern")
def yield_to_patterns(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """Drop the tagger's guess on a span that a confident pattern recognizer typed otherwise
    for at least half its length (an e-mail address the tagger calls a street address); a
    ZIP code inside the tagger's whole address leaves the address."""
    by_type: dict[str, list[Finding]] = {}
    for f in context.findings or findings:
        if f.recognizer not in (TAGGER, PROPAGATED) and f.score >= PATTERN_WINS_AT:
            by_type.setdefault(f.entity_type, []).append(f)
    checks = {t: overlap(group) for t, group in by_type.items()}

    def yields(f: Finding) -> bool:
        half = (f.end - f.start + 1) // 2
        return any(t != f.entity_type and c(f.start, f.end) >= half for t, c in checks.items())

    return [f for f in findings if f.recognizer != TAGGER or not yields(f)]


@functools.cache
def _not_personal_data() -> frozenset[str]:
    labels = (line.split(maxsplit=2)[2] for line in data_lines("labelled_identifiers.txt"))
    words = itertools.chain(data_lines("not_personal_data.txt"), labels)
    return frozenset(_words_key(w) for w in words)


def _words_key(value: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", value.lower()))


def _listed_edges(value: str) -> tuple[int, int]:
    """The part of `value` left when the listed words at its edges are taken off (at most
    three words a phrase): (0, 0) when nothing is left."""
    listed = _not_personal_data()
    words = list(re.finditer(r"[^\W_][^\s:#,;]*", value))
    i, j = 0, len(words)
    while i < j:
        n = next((n for n in (3, 2, 1) if i + n <= j and _phrase(words[i : i + n]) in listed), 0)
        if not n:
            break
        i += n
    while j > i:
        n = next((n for n in (3, 2, 1) if j - n >= i and _phrase(words[j - n : j]) in listed), 0)
        if not n:
            break
        j -= n
    if i >= j:
        return (0, 0)
    start = 0 if i == 0 else words[i].start()  # an edge without listed words stays as it is
    return start, len(value) if j == len(words) else words[j - 1].end()


def _phrase(words: list[re.Match[str]]) -> str:
    return _words_key(" ".join(w[0] for w in words))


@register("not_personal_data", vocabulary=True)
def not_personal_data(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """A finding made only of label words and department names (data/not_personal_data.txt,
    the labels of data/labelled_identifiers.txt) goes; one with such words at its edges loses
    them: "MRN" is no title, "DOB" no organisation, "Cardiology" no place."""
    out = []
    for f in findings:
        value = context.text[f.start : f.end]
        start, end = _listed_edges(value)
        if start == end:
            continue
        if (start, end) == (0, len(value)):
            out.append(f)
        else:
            out.append(dataclasses.replace(f, start=f.start + start, end=f.start + end))
    return out


_STATE_SHORT_FORMS = ("calif", "mass", "penn", "conn", "wisc", "minn", "mich", "the bahamas")


@functools.cache
def _regions() -> frozenset[str]:
    """States and countries, lower case: "massachusetts", "new hampshire", "bahamas"."""
    names = itertools.chain(
        data_lines("us_state_names.txt"), data_lines("country_names.txt"), _STATE_SHORT_FORMS
    )
    return frozenset(_words_key(n) for n in names)


_ADDRESS_TYPES = frozenset({"LOCATION", "US_ZIP_CODE", "ZIP_CODE", "STREET_ADDRESS", "ADDRESS"})
_ZIP_AFTER = re.compile(r"[ \t,.]*\d{5}")


@register("region_alone", vocabulary=True)
def without_lone_regions(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """HIPAA Safe Harbor leaves states (and countries) in: a place that is only a state's or
    a country's name ("sister in MASSACHUSETTS", "from the BAHAMAS") goes, unless it is part
    of an address: another place, a street or a ZIP code ends just before it ("Boston, MA") or
    a ZIP code follows it. Clinical pack only: elsewhere a state stays found."""
    ends = sorted(f.end for f in context.findings if f.entity_type in _ADDRESS_TYPES)
    regions = _regions()

    def in_address(f: Finding) -> bool:
        i = bisect.bisect_right(ends, f.start)
        near = i > 0 and f.start - ends[i - 1] <= 3
        return near or _ZIP_AFTER.match(context.text, f.end, f.end + 8) is not None

    def lone_region(f: Finding) -> bool:
        value = _words_key(context.text[f.start : f.end])
        return f.entity_type == "LOCATION" and value in regions and not in_address(f)

    return [f for f in findings if not lone_region(f)]


def device_eponyms() -> frozenset[str]:
    """Every device name of data/device_eponyms.txt, in lower case."""
    return _device_eponyms()[0]


@functools.cache
def _device_eponyms() -> tuple[frozenset[str], frozenset[str]]:
    """(every listed name, those that are never a name whatever follows them)."""
    lines = [line.lower() for line in data_lines("device_eponyms.txt")]
    always = frozenset(line.removesuffix(" always") for line in lines if line.endswith(" always"))
    return frozenset(line.removesuffix(" always") for line in lines), always


_NAME_TYPES = ("PERSON", "LOCATION", "STREET_ADDRESS", "ORGANIZATION")
_DEVICE_WORD = re.compile(
    r"[ \t-]*(?:cath|catheter|line|valve|drain|tube|port|collar|balloon|trach)s?\b", re.I
)


@register("device_eponym", vocabulary=True)
def without_device_eponyms(findings: list[Finding], context: FilterContext) -> list[Finding]:
    """A name or place that is a device's name (data/device_eponyms.txt) goes: "[Quinton]
    cath", "Passy Muir valve", "Permacath" (never a name). Before no device word, a listed word
    stays a name ("Dr. Foley")."""
    named, always = _device_eponyms()

    def device(f: Finding) -> bool:
        value = " ".join(context.text[f.start : f.end].lower().split())
        if f.entity_type not in _NAME_TYPES or value not in named:
            return False
        return value in always or _DEVICE_WORD.match(context.text, f.end) is not None

    return [f for f in findings if not device(f)]


# Applied to each analyzed piece with the tagger's word scores (guesses need the tagger)
WITH_TAGGER = ("unconfirmed_guess", "ordinary_word_after_name", "misspelt_word")
# Applied to the whole text's findings
PLAUSIBILITY = (
    "phone_shape",
    "nhs_number_shaped_like_a_phone",
    "age_over_89",
    "tagger_date_shape",
    "date_setting_or_score",
    "url_in_email",
    "tagger_yields_to_pattern",
    "not_personal_data",
    "region_alone",
    "device_eponym",
)
