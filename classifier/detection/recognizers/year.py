"""Years written with a month ("nov. 2016", "March of 2022") or alone after a word that makes
them a date ("in 1977", "during 1971", "since 2019", "s/p resection 1977", "MI IN 1980S").
Safe Harbor lets a year stay, but a year next to a month or an event narrows a person down;
a policy that keeps years maps DATE_TIME to `keep` or shifts whole dates only. Not a year: a
quantity (in 2000 ml, of 1900 kcal), a time (by 1800), a ratio or a decimal."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.clinical_date import MONTH_NAMES

YEAR = r"(?:19|20)\d{2}(?:'?s)?"
NOT_A_QUANTITY = (
    r"(?![ \t]*(?:ml|cc|mg|mcg|g|kg|l|units?|u|kcal|cal|mm|cm|m|hrs?|hours?|min(?:utes)?|"
    r"secs?|pm|am|h|x|%)\b)(?![.,:/-]?\d)(?![/%])"
)
LEAD = (
    r"(?<=\b(?:in|during|since|from|until|till|circa|year|born|founded|s/p|resection|"
    r"surgery|repair|dx|diagnosed|before|after)[ \t]+)"
)


class YearRecognizer(DeclarativeRecognizer):
    ENTITY = "DATE_TIME"
    PATTERNS = [
        Pattern("month year", rf"\b{MONTH_NAMES}\.?,?[ \t]+(?:of[ \t]+)?{YEAR}\b", 0.6),
        Pattern("year after a date word", rf"{LEAD}(?<![\d.])\b{YEAR}\b{NOT_A_QUANTITY}", 0.5),
    ]
    CONTEXT = ["year", "since", "during", "founded", "born"]
