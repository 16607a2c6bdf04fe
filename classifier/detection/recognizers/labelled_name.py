"""A person's name after a label that says one follows: "Patient: Olumide Bankole", "Pt:
Tremblay-Gauthier, Luc", "Nom : LEFÈVRE Camille", "Ad Soyad: Mehmet Çelik", "Attending: Dr.
Susan Lee". After the label (data/name_labels.txt) and a colon or a tab, one to four
capitalised words (initials, particles and "Surname, Given" included) up to the end of the
field: a line end, a run of blanks or the next punctuation. A form's labelled name is a name
whatever the tagger thinks (the tagger missed "Patient: Olumide Bankole" in a medication list);
no word may be a word that is not a name ("Patient: Alert and oriented")."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.honorific_name import CAPITAL, PARTICLE
from classifier.detection.vocabulary import NOT_A_NAME, listed, one_of

LABELS = listed("name_labels.txt")
_STOP = one_of(NOT_A_NAME)
WORD = rf"(?!(?i:{_STOP})\b){CAPITAL}[\w'’]*\w(?:-{CAPITAL}[\w'’]*\w)*"
INITIAL = rf"{CAPITAL}\."
PART = rf"(?:(?:{PARTICLE})[ ])?(?:{WORD}|{INITIAL})"
NAME = rf"{PART}(?:[ ]{PART}){{0,3}}(?:,[ ]{PART}(?:[ ]{PART}){{0,2}})?"
TITLE = r"(?:(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sr|Sra|Mme|M)\.?[ ])?"
FIELD_END = r"(?=[ \t]{2,}|[ \t]*(?:$|[\r\n|;,/(<\"]))"


class LabelledNameRecognizer(DeclarativeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "name after a name label",
            rf"(?im:(?<![\w-])(?:{LABELS})[ \t]*(?::|\t)[ \t]*{TITLE}\K(?-i:{NAME}){FIELD_END})",
            0.85,
        ),
    ]
    CONTEXT = []
