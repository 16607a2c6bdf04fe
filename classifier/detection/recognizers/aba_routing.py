"""ABA routing transit numbers: nine digits passing the 3-7-1 checksum. One in ten random
9-digit numbers passes it, so a valid checksum keeps the pattern's score and a context word
(routing, ABA, RTN) is needed to reach the policy threshold; a labelled number scores high."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = r"(?<=\b(?:routing|aba|rtn|transit)\s*(?:no\.?|number|#)?[\s:#.]{1,3})"


def aba_checksum_ok(digits: str) -> bool:
    d = [int(c) for c in digits]
    total = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]
    return len(d) == 9 and total % 10 == 0 and digits[:2] in _PREFIXES


# Federal Reserve routing symbol prefixes (00 = US government, 01-12, 21-32, 61-72, 80).
_PREFIXES = {f"{n:02d}" for n in [0, *range(1, 13), *range(21, 33), *range(61, 73), 80]}


class RoutingNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "ABA_ROUTING_NUMBER"
    PATTERNS = [
        Pattern("aba labelled", LABEL + r"\d{9}\b", 0.6),
        Pattern("aba (weak)", r"\b\d{9}\b", 0.05),
    ]
    CONTEXT = ["routing", "aba", "rtn", "transit", "wire", "bank"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return None if aba_checksum_ok(pattern_text) else False
