"""`find(text, entity)`: the values our recognizers report through the real Detector for one
entity type at the default policy's threshold (0.4), in text order, not propagated copies.

The Detector is the one without the PHI tagger (`phi_tagger = none`), so that each table tests
its recognizer: with the tagger, Presidio would merge the tagger's overlapping span of the same
type into it. tests/test_phi_tagger.py and tests/test_detect.py cover the tagger."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from classifier.stages.detect import Detector

MIN_SCORE = 0.4
NOT_RECOGNIZERS = ("propagated",)
Find = Callable[[str, str], list[str]]


def _finder(detector: Detector) -> Find:
    def run(text: str, entity: str) -> list[str]:
        return [
            text[f.start : f.end]
            for f in detector.detect(text, min_score=MIN_SCORE)
            if f.entity_type == entity and f.recognizer not in NOT_RECOGNIZERS
        ]

    return run


@pytest.fixture
def find(spacy_detector: Detector) -> Find:
    return _finder(spacy_detector)
