"""US ZIP codes: after a state abbreviation (", MA 02139"), or with a zip/postal context."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    "NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU|VI|AA|AE|AP"
)


class ZipCodeRecognizer(DeclarativeRecognizer):
    ENTITY = "ZIP_CODE"
    PATTERNS = [
        Pattern("zip after state", rf"(?<=\b(?-i:{STATES}),?\s{{1,3}})\d{{5}}(?:-\d{{4}})?\b", 0.6),
        Pattern("zip+4", r"\b\d{5}-\d{4}\b", 0.3),
        Pattern("zip (weak)", r"\b\d{5}\b", 0.05),
    ]
    CONTEXT = ["zip", "zipcode", "postal", "postcode", "address"]
