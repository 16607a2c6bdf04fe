"""Device identifiers and serial numbers: labelled serial / S/N / device ID / UDI / IMEI;
any 15-digit number (an IMEI) must pass its Luhn check digit, and a bare one needs a context
word."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = (
    r"(?<=\b(?:serial|s/n|sn|device\s*(?:id)?|udi|imei|model\s+and\s+serial)\s*(?:no\.?|number|#|id)?"
    r"[\s:#.]{1,3})"
)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class DeviceIdRecognizer(DeclarativeRecognizer):
    ENTITY = "DEVICE_ID"
    PATTERNS = [
        Pattern("serial labelled", LABEL + r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,24}\b", 0.7),
        Pattern("imei", r"\b\d{15}\b", 0.3),
    ]
    CONTEXT = ["serial", "device", "imei", "udi", "pacemaker", "implant", "pump"]

    def validate_result(self, pattern_text: str) -> bool | None:
        if len(pattern_text) == 15 and pattern_text.isdigit():
            return None if luhn_ok(pattern_text) else False
        return None
