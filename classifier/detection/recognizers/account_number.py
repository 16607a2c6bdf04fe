"""Account numbers: digits (optionally grouped) labelled account / acct, or with such a
context word nearby."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = r"(?<=\b(?:account|acct|a/c)\.?\s*(?:no\.?|number|#)?[\s:#.]{1,3})"


class AccountNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "ACCOUNT_NUMBER"
    PATTERNS = [
        Pattern("account labelled", LABEL + r"[A-Z]{0,3}\d(?:[\d-]{4,20})\d\b", 0.8),
        Pattern("account bare (weak)", r"\b\d{8,17}\b", 0.05),
    ]
    CONTEXT = ["account", "acct", "checking", "savings", "deposit"]
