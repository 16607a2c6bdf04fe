"""A weekday named as a day of an event, in office documents: "the hearing on Thursday", "flying
in Fri", "Call rec'd Sat". Capitalised only ("Sunday", "Thurs", "SAT" is not taken: in capitals
it is the exam or, in notes, saturation). In the finance and legal packs, not the clinical one:
the PhysioNet notes do not annotate weekdays (none of the 27 capitalised ones in the development
notes is in a gold span), while the hand-written probes do (61 of 73 on their tune halves)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

DAYS = (
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun"
)


class WeekdayRecognizer(DeclarativeRecognizer):
    ENTITY = "DATE_TIME"
    PATTERNS = [Pattern("a weekday", rf"\b(?-i:{DAYS})\b(?!['’]s\b)", 0.6)]
    CONTEXT = []
