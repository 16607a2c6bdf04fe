"""Classify: the document type and domain, with a calibrated confidence."""

from __future__ import annotations

from classifier.document import Classification
from classifier.ml.text_classifier import TextClassifier


def classify(model: TextClassifier, text: str) -> Classification:
    return model.classify(text)
