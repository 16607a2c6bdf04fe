"""Payment card numbers Presidio's pattern leaves out: 12- to 19-digit Maestro cards (50,
56-69), Mastercard's 2-series (2221-2720), 19-digit Visa and UnionPay, written whole or in
groups of four. The Luhn checksum must hold; one random number in ten passes it, so a bare
number needs a context word (card, cc, credit, debit, billing, ...) to reach the policy
threshold, and a labelled one ("card number 5038...", "card # 6304...") scores high."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

PREFIX = r"(?:5[06-9]|6\d|2[2-7]|4|3[5-7]|1)"
DIGITS = rf"(?<![\d.,/-])(?={PREFIX})\d(?:[ -]?\d){{11,18}}(?![\d.,/-]|[ -]\d)"
LABEL = r"(?<=\b(?:card|cc|credit card|debit card)(?:[ \t]+(?:no\.?|number|num))?[ \t]*[:#]?[ \t]*)"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


class CardNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "CREDIT_CARD"
    PATTERNS = [
        Pattern("card labelled", LABEL + DIGITS, 0.7),
        Pattern("card (weak)", DIGITS, 0.2),
    ]
    CONTEXT = [
        "card",
        "cc",
        "credit",
        "debit",
        "billing",
        "charge",
        "visa",
        "mastercard",
        "maestro",
    ]

    def validate_result(self, pattern_text: str) -> bool | None:
        digits = "".join(c for c in pattern_text if c.isdigit())
        return None if 12 <= len(digits) <= 19 and luhn_ok(digits) else False
