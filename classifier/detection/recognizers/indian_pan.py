"""Indian permanent account numbers (PAN): five letters, four digits, a letter, the fourth
letter the holder's kind (P a person, C a company, H F A T B L J G) ("ABCPD1234E"). No
checksum: the shape and the kind letter are the validation."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer


class IndianPanRecognizer(DeclarativeRecognizer):
    ENTITY = "TAX_ID"
    PATTERNS = [Pattern("pan", r"(?-i:\b[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]\b)", 0.5)]
    CONTEXT = ["pan", "permanent", "income", "tax"]
