"""Vehicle licence plates, only where labelled (plate / tag / registration): a plate's shape
alone is any short code."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

LABEL = (
    r"(?<=\b(?:licen[cs]e\s+plate|plate|tag|vehicle\s+registration|matrícula|kenteken|"
    r"kennzeichen|immatriculation|targa|rejestracja|registreringsnummer|rekisterinumero)"
    r"\s*(?:no\.?|number|#)?"
    r"[\s:#.]{1,3})"
)


class LicensePlateRecognizer(DeclarativeRecognizer):
    ENTITY = "LICENSE_PLATE"
    PATTERNS = [
        Pattern(
            "plate labelled",
            LABEL + r"(?=[A-Z0-9 -]*\d)[A-Z0-9]{1,4}[ -]?[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,3})?\b",
            0.7,
        ),
    ]
    CONTEXT = ["plate", "vehicle", "car"]
