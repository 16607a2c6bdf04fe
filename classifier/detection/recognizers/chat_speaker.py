"""The speaker of a chat or transcript line: "[21:17] lucía: le paso ...", "12/03/2024, 21:17
- daan: ik wel", "08:20 chidi: confirmed", "[10:04] Medewerker: Dank u". After a timestamp at
the start of a line, the word before the colon is who wrote the line: a person, unless it is a
role (Agent, Customer, Klant, ...; data/chat_roles.txt), and chats write names in lower case,
which the tagger misses."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.vocabulary import listed

DATE = r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4},?[ \t]+)"
TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ ]?[ap]\.?m\.?)?"
STAMP = rf"\[?{DATE}?{TIME}\]?"
SPEAKER = r"[^\W\d_][\w'’.-]{0,30}(?:[ ][^\W\d_][\w'’.-]{0,30})?"

ROLES = listed("chat_roles.txt")


class ChatSpeakerRecognizer(DeclarativeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "speaker after a timestamp",
            rf"(?m:^)[ \t]*{STAMP}[ \t]*[-–,]?[ \t]*\K(?!{ROLES}\b){SPEAKER}(?=[ \t]*:[ \t])",
            0.85,
        )
    ]
    CONTEXT = []
