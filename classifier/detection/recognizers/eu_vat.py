"""EU and UK VAT numbers: the country prefix and that country's digits ("DE123456789",
"FR40303265045", "NL123456789B01", "ATU12345678", "GB 123 4567 89"). Checksums differ by
country; the shape with its prefix is the validation (a labelled one of any shape is
LabelledIdentifierRecognizer's)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

SHAPES = (
    r"ATU\d{8}",
    r"BE[01]\d{9}",
    r"(?:DE|EE|PT|EL)\d{9}",
    r"DK\d{8}",
    r"FI\d{8}",
    r"FR[0-9A-HJ-NP-Z]{2}\d{9}",
    r"GB(?:\d{9}|\d{12}|[ ]\d{3}[ ]\d{4}[ ]\d{2})",
    r"IT\d{11}",
    r"ES[0-9A-Z]\d{7}[0-9A-Z]",
    r"NL\d{9}B\d{2}",
    r"PL\d{10}",
    r"SE\d{12}",
    r"IE\d{7}[A-W][A-I]?",
    r"LU\d{8}",
    r"CHE[-]?\d{3}\.?\d{3}\.?\d{3}",
)


class EuVatRecognizer(DeclarativeRecognizer):
    ENTITY = "TAX_ID"
    PATTERNS = [Pattern("vat", r"(?-i:\b(?:" + "|".join(SHAPES) + r")\b)", 0.5)]
    CONTEXT = ["vat", "ust", "tva", "iva", "btw", "moms", "mwst"]
