"""Redact planted values with findings placed by hand (where each first occurs in the
extracted text), so a test of a format's redaction does not depend on what the detector
finds; the rule tests then read the output with a different reader."""

from __future__ import annotations

from collections.abc import Iterable

from classifier.document import Finding
from classifier.formats import redact_document
from classifier.stages import extract, ingest


def redacted_with(content: bytes, name: str, values: Iterable[str], mark: str = "[X]") -> bytes:
    document = ingest.ingest_bytes(content, name)
    extracted = extract.extract(document)
    findings = []
    for value in values:
        start = extracted.text.index(value)
        findings.append(Finding(start, start + len(value), "X", 0.9))
    findings.sort(key=lambda f: f.start)
    rendered = redact_document(document, extracted, findings, [mark] * len(findings))
    assert rendered is not None
    return rendered[0]
