"""Workplaces, named after work: "works for vista health", "CEO OF IBM", "employed at the
Kessler Institute". One or two words that are neither clinical vocabulary nor common words
("works at night", "retired from the hospital" are not workplaces). The work words make the
guess narrow enough to stand without the tagger's confirmation."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.care_location import WORD

WORK = (
    r"(?:works|worked|working|employed|employee|retired|ceo|president|owner|manager)"
    r"[ \t]+(?:for|at|by|of|from|with)"
)


class WorkplaceRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern("workplace", rf"(?<=\b{WORK}[ \t]+(?:the[ \t]+)?){WORD}(?:[ \t]+{WORD})?", 0.45),
    ]
    CONTEXT = ["works", "worked", "employed", "employee", "retired"]
