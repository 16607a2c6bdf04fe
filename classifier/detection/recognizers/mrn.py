"""Medical record numbers: a number labelled MRN / medical record / chart, or a bare number
with such a context word nearby."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = (
    r"(?<=\b(?:MRN|MR\s?#|med(?:ical)?\s+rec(?:ord)?s?(?:\s+(?:no\.?|number|#))?|"
    r"chart\s*(?:no\.?|number|#))[\s:#.]{1,3})"
)


class MedicalRecordNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "MEDICAL_RECORD_NUMBER"
    PATTERNS = [
        Pattern("mrn labelled", LABEL + r"[A-Z]{0,3}-?\d{4,12}\b", 0.85),
        Pattern("mrn bare (weak)", r"\b[A-Z]{0,2}\d{6,10}\b", 0.05),
    ]
    CONTEXT = ["mrn", "medical", "record", "chart", "patient"]
