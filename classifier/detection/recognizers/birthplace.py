"""A place a document labels as where a person was born or lives: "Place of birth: Lyon",
"Naturalidade: Belo Horizonte/MG", "Geburtsort: Graz", "Residence: Githurai 45", "born in
Kraków". The label says the place is the person's, so the place is redacted, whatever the
tagger makes of it. The labels are data (data/place_labels.txt)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import listed

CAPITAL = r"[A-ZÀ-ÖØ-ÞĀ-Ž]"
WORD = rf"{CAPITAL}[\w'’.-]*\w"
PARTICLE = r"(?:(?:de|do|da|dos|das|del|la|le|les|am|an der|im|upon|on|sur|di)[ ])?"
PLACE = rf"{WORD}(?:[ -]{PARTICLE}(?:{WORD}|\d{{1,3}}(?![\w.])))" + "{0,3}"

LABELS = listed("place_labels.txt")


class BirthplaceRecognizer(DeclarativeRecognizer):
    ENTITY = "LOCATION"
    PATTERNS = [
        Pattern(
            "place after a birthplace or residence label",
            rf"\b{LABELS}[ \t]*[:：]?[ \t]*\K(?-i:{PLACE})",  # \K: anchored on the labels
            0.6,
        ),
    ]
    CONTEXT = []
