"""`find(text, entity)`: the values the real Detector reports for one entity type at the
default policy's threshold (0.4), in text order."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from classifier.stages.detect import Detector

MIN_SCORE = 0.4
Find = Callable[[str, str], list[str]]


def _finder(detector: Detector) -> Find:
    def run(text: str, entity: str) -> list[str]:
        return [
            text[f.start : f.end]
            for f in detector.detect(text, min_score=MIN_SCORE)
            if f.entity_type == entity and f.recognizer != "propagated"
        ]

    return run


@pytest.fixture
def find(detector: Detector) -> Find:
    return _finder(detector)


@pytest.fixture
def find_without_tagger(spacy_detector: Detector) -> Find:
    """For the recognizers only the spaCy set-up runs (the PHI tagger replaces them)."""
    return _finder(spacy_detector)
