"""The one-pass engine: Presidio's AnalyzerEngine semantics, without its machinery, for the
serving path with the PHI tagger (no spaCy NER to run).

The same recognizer objects (Presidio's predefined ones and ours, analyzer.recognizers) give
the findings: a PatternRecognizer's patterns are compiled once (the standard library's `re`
where it compiles them, else the `regex` module Presidio uses) and run here with its
validate_result / invalidate_result, as PatternRecognizer does; a recognizer with its own
`analyze` (the tagger, phones, labelled identifiers, IBAN) is called. Then, as AnalyzerEngine
does: context words (context.py, words split as the spaCy tokenizer splits them, lemma = lower
case), findings under the score threshold dropped, Presidio's de-duplication (a finding inside
one of the same type with an equal or higher score goes). benchmarks/detect_equivalence.py
compares the findings with Presidio's engine."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING, Any

from classifier.detection import anchors, context, prefilter

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, PatternRecognizer, RecognizerResult

NAME_KEY = "recognizer_name"
ID_KEY = "recognizer_identifier"
BOOSTED_KEY = "is_score_enhanced_by_context"
_RE_FLAGS = (("I", re.I), ("M", re.M), ("S", re.S), ("X", re.X), ("A", re.A))


@dataclass(eq=False, slots=True)
class Hit:
    """One finding on its way through the engine (mutable: context raises its score)."""

    entity_type: str
    start: int
    end: int
    score: float
    recognizer: Any
    metadata: dict[str, Any]


def _std_flags(flags: int) -> int:
    """The `re` flags of a `regex` flags value (same bit names)."""
    import regex

    return sum(std for name, std in _RE_FLAGS if flags & getattr(regex, name))


@functools.cache
def compiled_pattern(pattern: str, flags: int) -> Any:
    """A pattern, compiled once per process (`re`, else the `regex` module)."""
    try:
        return re.compile(pattern, _std_flags(flags))
    except re.error:  # a construct only the regex module knows
        import regex

        return regex.compile(pattern, flags)


def compiled(pattern: str, flags: int) -> Callable[[str], Iterable[re.Match[str]]]:
    """A pattern's finditer, compiled once per process."""
    return compiled_pattern(pattern, flags).finditer


def matches(
    pattern: str, flags: int, text: str, folded: str, shared: dict[str, Any] | None = None
) -> Iterable[re.Match[str]]:
    """finditer's matches of `pattern` in `text` (anchors.py: tried only where they can start,
    where that is cheaper); `folded`: prefilter.folded(text); `shared`: anchors.starts."""
    return anchors.finditer(compiled_pattern(pattern, flags), text, folded, shared)


def _overrides(recognizer: Any, method: str) -> bool:
    from presidio_analyzer import PatternRecognizer

    return getattr(type(recognizer), method) is not getattr(PatternRecognizer, method)


class PatternRun:
    """A PatternRecognizer's patterns, run as PatternRecognizer.analyze runs them."""

    def __init__(self, recognizer: PatternRecognizer):
        rec: Any = recognizer  # Presidio's attributes are untyped
        self.recognizer = rec
        self.entity = rec.supported_entities[0]
        self.flags = int(rec.global_regex_flags or 0)
        # compiled when a text first may match (prefilter): most of a worker's cold start was
        # compiling patterns, some with the `regex` module's parser, that many texts never need
        self.patterns = [
            (p.score, p.regex, prefilter.needed(p.regex, _std_flags(self.flags)))
            for p in rec.patterns
        ]
        self.validate = rec.validate_result if _overrides(rec, "validate_result") else None
        self.invalidate = rec.invalidate_result if _overrides(rec, "invalidate_result") else None
        self.metadata = {NAME_KEY: rec.name, ID_KEY: rec.id}

    def hits(self, text: str, folded: str, shared: dict[str, Any] | None = None) -> list[Hit]:
        """The findings in `text` (`folded`: prefilter.folded(text); `shared`: what the
        patterns share about the text, anchors.starts)."""
        out = []
        for score, pattern, literals in self.patterns:
            if not prefilter.may_match(literals, folded):
                continue
            for m in matches(pattern, self.flags, text, folded, shared):
                start, end = m.span()
                if start == end:
                    continue
                found = self._score(text[start:end], score)
                if found > 0:
                    out.append(Hit(self.entity, start, end, found, self.recognizer, self.metadata))
        return without_duplicates(out)

    def _score(self, value: str, score: float) -> float:
        if self.validate is not None:
            valid = self.validate(value)
            if valid is not None:
                score = 1.0 if valid else 0.0
        if self.invalidate is not None and self.invalidate(value):
            score = 0.0
        return score


def without_duplicates(hits: list[Hit]) -> list[Hit]:
    """EntityRecognizer.remove_duplicates: equal findings once (the first), then a finding
    inside another of its type with an equal or higher score goes; sorted as Presidio sorts."""
    unique = list(
        {(h.start, h.end, str(h.score), h.entity_type): h for h in reversed(hits)}.values()
    )
    unique.sort(key=lambda h: (h.entity_type, h.start, -(h.end - h.start), -h.score))
    out: list[Hit] = []
    for _, of_type in groupby(unique, key=lambda h: h.entity_type):
        active: list[Hit] = []
        for hit in of_type:
            if hit.score == 0:
                continue
            active = [a for a in active if a.end >= hit.start]
            if not any(
                hit.start >= a.start and hit.end <= a.end and hit.score <= a.score for a in active
            ):
                out.append(hit)
                active.append(hit)
    out.sort(key=lambda h: (-h.score, h.start, -(h.end - h.start)))
    return out


class OnePassEngine:
    """The part of AnalyzerEngine's interface the detector uses (`analyze`,
    `get_supported_entities`, `recognizers`), over a fixed list of recognizers."""

    def __init__(self, recognizers: Sequence[EntityRecognizer]):
        from presidio_analyzer import PatternRecognizer

        self.recognizers = list(recognizers)
        self._runs = [
            PatternRun(r)
            if isinstance(r, PatternRecognizer) and not _overrides(r, "analyze")
            else r
            for r in self.recognizers
        ]

    def without(self, names: frozenset[str]) -> OnePassEngine:
        return OnePassEngine([r for r in self.recognizers if _name(r) not in names])

    def get_supported_entities(self, language: str = "en") -> list[str]:
        return sorted({e for r in self.recognizers for e in r.supported_entities})

    def analyze(
        self,
        text: str,
        language: str = "en",
        entities: list[str] | None = None,
        score_threshold: float | None = None,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[RecognizerResult]:
        """AnalyzerEngine.analyze's findings (every recognizer of `language` 'en')."""
        wanted = entities or self.get_supported_entities() + [
            e for r in ad_hoc_recognizers or () for e in r.supported_entities
        ]
        hits: list[Hit] = []
        folded = prefilter.folded(text)
        shared: dict[str, Any] = {}
        for run in [*self._runs, *(ad_hoc_recognizers or ())]:
            if isinstance(run, PatternRun):
                hits += run.hits(text, folded, shared)
            else:
                hits += _hits(run, run.analyze(text, wanted, None))
        hits = with_context(text, hits)
        threshold = score_threshold or 0.0
        return [_result(h) for h in without_duplicates([h for h in hits if h.score >= threshold])]


def _name(recognizer: Any) -> str:
    return str(recognizer.name)


def _hits(recognizer: Any, results: list[RecognizerResult]) -> list[Hit]:
    out = []
    for r in results or ():
        metadata = dict(r.recognition_metadata or {})
        metadata.setdefault(NAME_KEY, recognizer.name)
        metadata.setdefault(ID_KEY, recognizer.id)
        out.append(Hit(r.entity_type, r.start, r.end, r.score, recognizer, metadata))
    return out


def with_context(text: str, hits: list[Hit]) -> list[Hit]:
    """The findings, those with a context word of their recognizer before them raised
    (Presidio's LemmaContextAwareEnhancer); the text is split into words only if one needs it."""
    words: context.ContextWords | None = None
    for hit in hits:
        wanted = hit.recognizer.context
        if not wanted or hit.metadata.get(BOOSTED_KEY):
            continue
        words = words or context.ContextWords(text)
        if context.supported(wanted, words.before(hit.start)):
            hit.score = context.boosted(hit.score)
    return hits


def _result(hit: Hit) -> RecognizerResult:
    from presidio_analyzer import RecognizerResult

    return RecognizerResult(
        hit.entity_type, hit.start, hit.end, hit.score, recognition_metadata=hit.metadata
    )
