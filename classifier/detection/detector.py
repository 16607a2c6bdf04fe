"""The Detector: the analyzer over the text, then the filters, name handling and propagation.
`report()` says what was found and, per filter, how many findings each dropped."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from classifier.detection import filters
from classifier.detection.analyzer import analyze, build_analyzer, windows
from classifier.detection.names import COMMON_WORDS, merge_names, with_place_name_parts
from classifier.detection.propagation import propagate
from classifier.detection.shapes import split_number_lists
from classifier.detection.spans import Window, drop_nested, shifted, stitched
from classifier.document import Finding
from classifier.ml.phi_tagger import PhiTagger

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine


@dataclass(frozen=True)
class DetectionReport:
    """The findings on one text, and per filter how many findings it dropped (counts only)."""

    findings: list[Finding]
    drops: dict[str, int] = field(default_factory=dict)


class Detector:
    """Thread-safe wrapper around one loaded AnalyzerEngine."""

    def __init__(self, analyzer: AnalyzerEngine | None = None, tagger: PhiTagger | None = None):
        self.analyzer = analyzer if analyzer is not None else build_analyzer(tagger)
        self.tagger = tagger  # confirms the guesses of filters.GUESSING_RECOGNIZERS
        self.ordinary_words = (tagger.whole_words if tagger else frozenset()) | COMMON_WORDS
        # called with (filter name, findings dropped) after each text; the service's metrics
        self.observe_drops: Callable[[str, int], None] | None = None

    def detect(self, text: str, min_score: float = 0.0) -> list[Finding]:
        return self.report(text, min_score).findings

    def report(self, text: str, min_score: float = 0.0) -> DetectionReport:
        drops = filters.DropCounts()
        pieces: list[Window] = []
        for start, end in windows(text):
            piece = text[start:end]
            found = analyze(self.analyzer, piece, min_score)
            if self.tagger is not None:
                context = filters.FilterContext(
                    piece,
                    words=tuple(self.tagger.word_scores(piece)),
                    ordinary_words=self.ordinary_words,
                )
                found = filters.run(filters.WITH_TAGGER, found, context, drops)
            pieces.append((start, end, shifted(found, start)))
        findings = stitched(text, pieces)
        context = filters.FilterContext(text, ordinary_words=self.ordinary_words)
        findings = filters.run(filters.PLAUSIBILITY, findings, context, drops)
        findings = merge_names(text, split_number_lists(text, findings))
        # names again after propagation: a given name found once and copied elsewhere takes
        # the surname that follows a copy ("Radu" -> "Radu Crosson")
        findings = merge_names(text, propagate(text, findings))
        findings = with_place_name_parts(text, findings)
        ordered = sorted(drop_nested(findings), key=lambda f: (f.start, f.end))
        if self.observe_drops is not None:
            for name, dropped in drops.counts.items():
                self.observe_drops(name, dropped)
        return DetectionReport(ordered, dict(drops.counts))
