"""Vehicle identification numbers: 17 characters (no I, O, Q) whose 9th is the ISO 3779 /
FMVSS 115 check digit."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit_ok(vin: str) -> bool:
    vin = vin.upper()
    if len(vin) != 17 or any(c not in _VALUES for c in vin):
        return False
    total = sum(_VALUES[c] * w for c, w in zip(vin, _WEIGHTS, strict=True))
    check = "X" if total % 11 == 10 else str(total % 11)
    return vin[8] == check


class VinRecognizer(DeclarativeRecognizer):
    ENTITY = "VEHICLE_ID"
    PATTERNS = [Pattern("vin", r"\b(?=[A-HJ-NPR-Z0-9]*\d)[A-HJ-NPR-Z0-9]{17}\b", 0.5)]
    CONTEXT = ["vin", "vehicle", "chassis", "car", "truck"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return vin_check_digit_ok(pattern_text)
