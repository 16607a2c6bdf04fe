"""Court case and docket numbers: US federal form (1:21-cv-01234-ABC) and numbers labelled
case / docket / cause / index no."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

FEDERAL = r"\b\d{1,2}:\d{2}-(?:cv|cr|mj|bk|ap|mc|md|po)-\d{3,6}(?:-[A-Z]{1,4})*\b"
LABEL = r"(?<=\b(?:case|docket|cause|index|file|matter)\s*(?:no\.?|number|#)[\s:#.]{1,3})"


class CaseNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "CASE_NUMBER"
    PATTERNS = [
        Pattern("federal case", FEDERAL, 0.85),
        Pattern(
            "case labelled", LABEL + r"(?=[A-Z0-9:/.-]*\d)[A-Z0-9][A-Z0-9:/.-]{2,24}[A-Z0-9]\b", 0.8
        ),
    ]
    CONTEXT = ["case", "docket", "cause", "court", "matter"]
