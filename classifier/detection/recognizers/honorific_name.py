"""A name after an honorific of another language, as letters, chats and forms write it: "Frau
Vogel-Schmitz", "meneer De Vries", "Herr Beat Zürcher", "Sra. de la Cruz", "Madame Le Gall",
"Dott.ssa Bianchi", "Pani Nowak". The honorific says a person follows, so the name is
redacted with its particles (van der, de la, von, bin, ...). English titles are the tagger's
and TitledNameRecognizer's. The honorifics are data (data/honorifics.txt)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import listed

CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
NAME_WORD = rf"{CAPITAL}[\w'’]*\w(?:-{CAPITAL}[\w'’]*\w)*"
PARTICLE = (
    r"(?:[Vv]an(?:[ ][Dd]e[rn]?)?|[Dd]e(?:[ ]la|[ ]los|[ ]las)?|[Dd]el|[Dd]ella|[Dd]i|[Dd]a|"
    r"[Dd]os|[Dd]as|[Dd]u|[Vv]on(?:[ ]der)?|[Zz]u|[Tt]er|[Tt]en|[Ll]e|[Ll]a|bin|binti|al)"
)
NAME = rf"(?:{PARTICLE}[ ])?{NAME_WORD}(?:[ ](?:{PARTICLE}[ ])?{NAME_WORD}){{0,2}}"

HONORIFICS = listed("honorifics.txt")


class HonorificNameRecognizer(DeclarativeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "name after an honorific",
            rf"(?<![\w.])(?-i:{HONORIFICS})[ \t]+\K(?-i:{NAME})(?![\w'’-])",
            0.85,
        ),
    ]
    CONTEXT = []
