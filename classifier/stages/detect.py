"""Detect: personal data in the extracted text, by the detection layer (classifier/detection:
the analyzer, the filters, name handling and propagation)."""

from __future__ import annotations

from classifier.detection.analyzer import (
    NO_TAGGER,
    SPACY_MODEL,
    build_analyzer,
    load_tagger,
)
from classifier.detection.detector import DetectionReport, Detector

__all__ = [
    "NO_TAGGER",
    "SPACY_MODEL",
    "DetectionReport",
    "Detector",
    "build_analyzer",
    "load_tagger",
]
