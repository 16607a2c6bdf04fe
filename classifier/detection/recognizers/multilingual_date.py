"""Dates written as documents in other languages and scripts write them: a day before a month
name of another language ("1. März 2024", "1er mars 2024", "1 de marzo de 2024", "12 lipca
1990"), with a weekday before it ("Tuesday, 5 November 2024"); CJK and Korean dates ("2024年3月
1日", "2024년 3월 1일"); year-first dotted ("1990. 5. 17."); a Roman month ("15.VI.1972"). The
names are data (data/date_words.txt). A weekday makes a day and month without a year a date
("Fri 29 Mar", "Wednesday 13.3."); a deed writes "the 18th day of January 2024"."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.international_date import (
    DAY,
    MONTH,
    NOT_GLUED_AFTER,
    NOT_GLUED_BEFORE,
    YEAR,
)


def _names(kind: str) -> str:
    """The names of `kind` (month or weekday) of every language, longest first, as one group."""
    names = {n for line in data_lines("date_words.txt") if line.split()[0] == kind
             for n in line.split()[2:]}  # fmt: skip
    return "(?:" + "|".join(sorted(names, key=lambda n: (-len(n), n))) + ")"


MONTHS = _names("month")
# names of four letters or more: a day before "out", "mag" or "gen" is no date ("5 out of 10")
LONG_MONTHS = (
    "(?:"
    + "|".join(
        sorted({n for n in MONTHS[3:-1].split("|") if len(n) >= 4}, key=lambda n: (-len(n), n))
    )
    + ")"
)
WEEKDAY = rf"(?:{_names('weekday')}\.?,?[ ])"
ROMAN = r"(?-i:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
DAY_SUFFIX = r"(?:st|nd|rd|th|er|re|e|º|°|\.)?"
# DAY without an optional first digit: a match starts with a digit (anchors.py tries only there)
ANCHORED_DAY = r"(?:3[01]|[12]\d|0[1-9]|[1-9])"
DAY_MONTH_YEAR = (
    rf"{ANCHORED_DAY}{DAY_SUFFIX}[ -](?:of[ ]|de[ ])?{MONTHS}\.?,?[ -](?:de[ ]|del[ ])?{YEAR}(?!\w)"
)


class MultilingualDateRecognizer(DeclarativeRecognizer):
    ENTITY = "DATE_TIME"
    PATTERNS = [
        Pattern("d month y", rf"\b{DAY_MONTH_YEAR}", 0.7),
        # with or without a year: a weekday makes a day and month a date ("Fri 29 Mar",
        # "Tuesday, July 9th", "Wednesday 13.3.", "Sat 14 Dec"); one pattern, one scan
        Pattern(
            "weekday date",
            rf"\b{WEEKDAY}(?:{DAY_MONTH_YEAR}"
            rf"|{MONTHS}\.?[ ]{DAY}(?:st|nd|rd|th)?,?[ ]{YEAR}(?!\w)"
            rf"|{ANCHORED_DAY}{DAY_SUFFIX}[ ](?:of[ ]|de[ ])?{MONTHS}\b\.?"
            rf"|{MONTHS}\.?[ ]{ANCHORED_DAY}(?:st|nd|rd|th)?\b"
            rf"|{ANCHORED_DAY}\.{MONTH}\.?{NOT_GLUED_AFTER})",
            0.7,
        ),
        # a day and month without a year, in any language: "avant le 5 avril", "la facture du
        # 2 février", "für den 29.5." after a preposition (not "am": "HCT this am 24.6.")
        Pattern(
            "day month without a year",
            rf"\b{ANCHORED_DAY}{DAY_SUFFIX}[ ](?:de[ ]|of[ ])?{LONG_MONTHS}\b\.?",
            0.6,
        ),
        Pattern(
            "d.m. after a preposition",
            rf"(?<=\b(?:den|dem|vom|bis|zum|ab|seit|le|du|au|el|del|al|il|dal|op|tot|per|on|"
            rf"by|from|until)[ ]){ANCHORED_DAY}\.{MONTH}\.(?![\d.])",
            0.6,
        ),
        # a deed's date: "this 18th day of January 2024", "a los 15 días del mes de febrero de
        # 2024"
        Pattern(
            "day of month",
            rf"\b{ANCHORED_DAY}{DAY_SUFFIX}[ ](?:day[ ]of|d[íi]as?[ ]del[ ]mes[ ]de)[ ]{MONTHS}"
            rf",?[ ](?:de[ ])?{YEAR}(?!\w)",
            0.7,
        ),
        Pattern(
            "cjk",
            rf"{NOT_GLUED_BEFORE}{YEAR}[ ]?[年년][ ]?{MONTH}[ ]?[月월][ ]?{DAY}[ ]?[日일]",
            0.7,
        ),
        Pattern(
            "y. m. d.",
            rf"{NOT_GLUED_BEFORE}{YEAR}\.[ ]?{MONTH}\.[ ]?{DAY}\.?{NOT_GLUED_AFTER}",
            0.6,
        ),
        Pattern(
            "d.roman.y", rf"{NOT_GLUED_BEFORE}{ANCHORED_DAY}\.[ ]?{ROMAN}\.[ ]?{YEAR}(?!\d)", 0.6
        ),
    ]
    CONTEXT = ["date", "datum", "fecha", "data", "geboren", "naissance", "nacimiento", "birth"]
