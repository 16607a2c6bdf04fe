"""Dates as everyday documents write them outside the US: day-first with slashes, dots or
dashes ("25/12/2024", "14.03.2024", "25/12" where the day cannot be a month), ISO 8601
("2024-03-14"), and a day before a month name ("14 March 2024", "14-Mar-2024"). A bare
day/month needs a date word nearby (context), unless it starts a table's row (a statement's
"10/3       Salary") or follows a date label ("Date 13/2")."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

DAY = r"(?:3[01]|[12]\d|0?[1-9])"
FIRST_DAY = r"(?:3[01]|2\d|1[3-9])"  # a day that cannot be a month
MONTH = r"(?:1[0-2]|0?[1-9])"
YEAR = r"(?:19|20)\d{2}"
MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
NOT_GLUED_BEFORE = r"(?<![\d/.:-])"
NOT_GLUED_AFTER = r"(?![\d/]|[.:-]\d)"
ROW_WITH_AMOUNT = r"(?=[ \t]{3}[ \t]*+\S[^\n]*?\d[.,]\d\d\b)"


class InternationalDateRecognizer(DeclarativeRecognizer):
    ENTITY = "DATE_TIME"
    PATTERNS = [
        Pattern(
            "d.m.y", rf"{NOT_GLUED_BEFORE}{DAY}\.{MONTH}\.(?:{YEAR}|\d{{2}}){NOT_GLUED_AFTER}", 0.6
        ),
        Pattern(
            "d/m/y day first",
            rf"{NOT_GLUED_BEFORE}{FIRST_DAY}/{MONTH}/(?:{YEAR}|\d{{2}}){NOT_GLUED_AFTER}",
            0.6,
        ),
        Pattern(
            "iso",
            rf"{NOT_GLUED_BEFORE}{YEAR}-(?:1[0-2]|0[1-9])-(?:3[01]|[12]\d|0[1-9]){NOT_GLUED_AFTER}",
            0.7,
        ),
        Pattern("d month y", rf"\b{DAY}(?:st|nd|rd|th)?[ -]{MONTH_NAMES}\.?[ ,-]+{YEAR}\b", 0.7),
        # a statement's or a ledger's row: the day and month start the line, a column gap
        # after them and an amount further on ("10/3       Salary Dhar ...   2,310.55", "01.02.
        # Salary ... +3 412,60", "22 Mar    Mortgage ...   1,150.00"); not
        # a recipe's "1/2    cup" or a score's "5/10   pain"
        Pattern(
            "d/m starting a table row",
            rf"(?m:^)[ \t]*\K(?:{DAY}/{MONTH}|{MONTH}/{DAY}|{DAY}\.{MONTH}\.?"
            rf"|{DAY}[ -]{MONTH_NAMES}\b\.?){NOT_GLUED_AFTER}{ROW_WITH_AMOUNT}",
            0.6,
        ),
        # after a date label: "Date 13/2", "Date: 3/11"
        Pattern(
            "d/m after a date label",
            rf"(?<=\b(?:date|dated|datum|fecha|data)[ \t]*:?[ \t]+)"
            rf"(?:{DAY}/{MONTH}|{MONTH}/{DAY}){NOT_GLUED_AFTER}",
            0.6,
        ),
        Pattern(  # "17/03 01:48", "3/14 at 0300": a day and month before a clock time
            "d/m before a clock time",
            rf"{NOT_GLUED_BEFORE}(?:{DAY}/{MONTH}|{MONTH}/{DAY})"
            rf"(?=[ \t]+(?:at[ \t]+|@[ \t]*)?(?:[01]?\d|2[0-3]):?[0-5]\d\b)",
            0.6,
        ),
        Pattern(
            "d/m day first (weak)", rf"{NOT_GLUED_BEFORE}{FIRST_DAY}/{MONTH}{NOT_GLUED_AFTER}", 0.3
        ),
    ]
    # lemmas that are not stop words (Presidio's context words skip "on", "due", "from")
    CONTEXT = [
        "date",
        "dated",
        "deliver",
        "delivered",
        "payment",
        "pay",
        "invoice",
        "sign",
        "signed",
        "deadline",
        "expire",
        "expiry",
        "birth",
        "born",
        "appointment",
        "meeting",
        "judgment",
        "hearing",
        "order",
    ]
