"""Dates as clinical notes write them, which Presidio's DateRecognizer misses: month/day
("8/18"), m/d/yy, m-d-yy, and month names with or without a day ("July 2nd", "Nov. 12"), an
ordinal day after "on the", "of the", "by the" ("drawn on the 11th"), a month-day after "on"
("OR on 7-8"), a month and a past year in a history ("CAD 8/84"), an abbreviated month with its
stop after "in" ("in sept.").
Excluded: an m/d inside a longer number run (7.35/28/42), fractions and muscle strength
(1/2, 3/4, 5/5), ventilator settings (PS 10/5)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

MONTH = r"(?:1[0-2]|0?[1-9])"
DAY = r"(?:3[01]|[12]\d|0?[1-9])"
MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
FULL_MONTHS = r"(?:january|february|april|june|july|august|september|october|november|december)"
ORD = r"(?:st|nd|rd|th)?"
NOT_A_DAY_AFTER = (
    r"floor|day|days|time|times|attempt|try|dose|doses|round|cycle|line|shift|week|weeks|hour|"
    r"hours|hrs?|level|pressors?|drips?|party|parties|quarter|century|amendment|grade|year|"
    r"edition|place|row|generation|degree|person|trimester|circuit|division|district|street|"
    r"avenue|paragraph|section|clause|article|schedule|floor|percentile"
)
PAST_YEAR = r"(?:3[2-9]|[4-9]\d)"  # month/year of a history: "CAD/SEMI 8/84", "S/P UTI 6/85"
ABBREVIATED_MONTH = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
UNITS = r"l|lpm|liters?|litres?|mg|mcg|g|ml|cc|units?|u|meq|x|%|min|mins|minutes"


class ClinicalDateRecognizer(DeclarativeRecognizer):
    ENTITY = "DATE_TIME"
    PATTERNS = [
        Pattern(
            "m/d(/y)",
            rf"(?<![\d/.:-]|\b(?:ps|psv|peep|cpap|bipap|ips|eps|strength|mae)[ \t]{{0,2}})"
            rf"(?!(?:[1-5]/5|1/[234]|2/3|3/4)(?![\d/]))"  # a fraction, not 1/25 nor 3/4/20
            rf"{MONTH}/(?:{DAY}(?:/(?:\d{{4}}|\d{{2}}))?|{PAST_YEAR})(?![\d/]|\.\d|[+%])",
            0.6,
        ),
        Pattern("m-d-y", rf"(?<![\d/.:-]){MONTH}-{DAY}-(?:\d{{4}}|\d{{2}})(?![\d-])", 0.6),
        Pattern(
            "month day",
            rf"\b{MONTH_NAMES}\.?[ \t]+{DAY}{ORD}\b(?:,?[ \t]+\d{{4}}\b)?"
            rf"(?![ \t]*(?:mg|mcg|ml|cc|units?)\b)",
            0.6,
        ),
        Pattern("day month", rf"\b{DAY}{ORD}[ \t]+(?:of[ \t]+)?{MONTH_NAMES}\b\.?", 0.6),
        # "drawn on the 11th", "the weekend of the 7th", not "on the 2nd floor" or "on the
        # 3rd day"
        Pattern(
            "ordinal day",
            rf"(?<=\b(?:on|of|by|until|till|from|since|before|after|to|at)[ \t]+the[ \t]+)"
            rf"{DAY}(?:st|nd|rd|th)\b(?![ \t]+(?:{NOT_A_DAY_AFTER})\b)",
            0.6,
        ),
        # "returned to OR on 7-8", not "on 2-3 L" or "on 4-5 units"
        Pattern(
            "m-d after on",
            rf"(?<=\b(?:on|since|until|till)[ \t]+){MONTH}-{DAY}"
            rf"(?![\d-]|[ \t]*(?:{NOT_A_DAY_AFTER}|{UNITS})\b)",
            0.6,
        ),
        Pattern("month name", rf"\b{FULL_MONTHS}\b", 0.5),
        # "admitted ... in sept. and d/c'd": an abbreviated month with its full stop after
        # in/since/until/early/late/mid ("dec" alone is "decreased")
        Pattern(
            "abbreviated month after in",
            rf"(?<=\b(?:in|since|until|till|early|late|mid|by)[ \t]){ABBREVIATED_MONTH}\.",
            0.5,
        ),
    ]
    CONTEXT = ["date", "on", "since", "admitted", "dated"]
