"""The Detector: the analyzer over the text, then the filters, name handling and propagation.
`report()` says what was found and, per filter, how many findings each dropped."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from classifier.detection import filters, packs
from classifier.detection.analyzer import analyze, build_analyzer, windows, without
from classifier.detection.names import COMMON_WORDS, merge_names, with_place_name_parts
from classifier.detection.propagation import propagate
from classifier.detection.recognizers.tagger import PhiTaggerRecognizer
from classifier.detection.shapes import split_number_lists, whole_identifier_tokens
from classifier.detection.spans import Window, drop_nested, shifted, stitched
from classifier.detection.tables import table_columns
from classifier.document import Classification, Finding
from classifier.ml.phi_tagger import PhiTagger

if TYPE_CHECKING:
    from classifier.detection.analyzer import Engine


@dataclass(frozen=True)
class DetectionReport:
    """The findings on one text, the detection packs used, and per filter how many findings
    it dropped (counts only)."""

    findings: list[Finding]
    drops: dict[str, int] = field(default_factory=dict)
    packs: tuple[str, ...] = ()


# fullwidth ASCII (U+FF01-FF5E) and the ideographic space, one character for one: "２１９-０９"
# is read as "219-09" (a red-team file's SSN and phone in fullwidth digits were not found)
HALFWIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


def halfwidth(text: str) -> str:
    if _FULLWIDTH.search(text) is None:
        return text
    return text.translate(HALFWIDTH)


class Detector:
    """Thread-safe wrapper around one loaded engine (analyzer.build_analyzer), and one engine
    per choice of packs on the same recognizers. An engine given from outside is used for every
    pack."""

    def __init__(self, analyzer: Engine | None = None, tagger: PhiTagger | None = None):
        self.analyzer = analyzer if analyzer is not None else build_analyzer(tagger)
        self.fixed_analyzer = analyzer is not None
        self.tagger = tagger  # confirms the guesses of filters.GUESSING_RECOGNIZERS
        self.ordinary_words = (tagger.whole_words if tagger else frozenset()) | COMMON_WORDS
        self._by_packs: dict[frozenset[str], Engine] = {frozenset(): self.analyzer}
        self._lock = threading.Lock()

    def detect(
        self,
        text: str,
        min_score: float = 0.0,
        classification: Classification | None = None,
        check_deadline: Callable[[], None] = lambda: None,
    ) -> list[Finding]:
        return self.report(text, min_score, classification, check_deadline).findings

    def report(
        self,
        text: str,
        min_score: float = 0.0,
        classification: Classification | None = None,
        check_deadline: Callable[[], None] = lambda: None,
    ) -> DetectionReport:
        """What is found in `text`, with the packs of the classification's domain (all packs
        without one, or where it is uncertain). `check_deadline` is called before each window
        and raises when the document's time budget is spent (TimeBudgetExceeded)."""
        text = halfwidth(text)  # the same length: the findings' offsets index the original
        chosen = packs.selection(packs.packs_for(classification))
        drops = filters.DropCounts()
        findings = self._analyzed(text, min_score, chosen, drops, check_deadline)
        context = filters.FilterContext(text, ordinary_words=self.ordinary_words)
        plausible = [n for n in filters.PLAUSIBILITY if n in chosen.filters]
        findings = filters.run(plausible, findings, context, drops)
        findings = merge_names(text, split_number_lists(text, findings))
        findings = whole_identifier_tokens(text, findings)
        # names again after propagation: a given name found once and copied elsewhere takes
        # the surname that follows a copy ("Radu" -> "Radu Crosson")
        findings = merge_names(text, propagate(text, findings))
        findings = with_place_name_parts(text, table_columns(text, findings))
        ordered = sorted(drop_nested(findings), key=lambda f: (f.start, f.end))
        return DetectionReport(ordered, dict(drops.counts), chosen.packs)

    def _analyzed(
        self,
        text: str,
        min_score: float,
        chosen: packs.Selection,
        drops: filters.DropCounts,
        check_deadline: Callable[[], None],
    ) -> list[Finding]:
        """The analyzer's findings in overlapping windows, stitched; the guesses checked
        against the tagger's words of their window."""
        analyzer = self._analyzer(chosen.off)
        with_tagger = [n for n in filters.WITH_TAGGER if n in chosen.filters]
        pieces: list[Window] = []
        for start, end in windows(text):
            check_deadline()
            piece = text[start:end]
            if self.tagger is None:
                found = analyze(analyzer, piece, min_score)
            else:  # the tagger runs once per window: its spans and the guesses' check
                words = self.tagger.word_scores(piece)
                tagged = [PhiTaggerRecognizer(self.tagger, words)]
                found = analyze(analyzer, piece, min_score, tagged)
                context = filters.FilterContext(
                    piece, words=tuple(words), ordinary_words=self.ordinary_words
                )
                found = filters.run(with_tagger, found, context, drops)
            pieces.append((start, end, shifted(found, start)))
        return stitched(text, pieces)

    def _analyzer(self, off: frozenset[str]) -> Engine:
        if self.fixed_analyzer:
            return self.analyzer
        with self._lock:
            if off not in self._by_packs:
                self._by_packs[off] = without(self.analyzer, off)
            return self._by_packs[off]
