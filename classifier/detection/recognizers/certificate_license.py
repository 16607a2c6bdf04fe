"""Certificate and licence numbers labelled licence / license / certificate / permit."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = (
    r"(?<=\b(?:licen[cs]e|certificate|cert\.?|permit|registration)\s*(?:no\.?|number|#|id)?"
    r"[\s:#.]{1,3})"
)


class CertificateLicenseRecognizer(DeclarativeRecognizer):
    ENTITY = "LICENSE_NUMBER"
    PATTERNS = [
        Pattern("licence labelled", LABEL + r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,17}\b", 0.7),
    ]
    CONTEXT = ["license", "licence", "certificate", "permit"]
