"""Short numbers of a hospital's own exchange: pager and beeper numbers and extensions of four
or five digits right after their label ("Pager: #12345", "PG 24680", "beeper number 13579",
"ext 4471"), and an extension written on its own ("x4-1234", "x41234"). Numbers longer than
that are phone_groups' and phone_candidates'; a clock range ("pager 0600-0800") or a number
with decimals, a slash or more digits glued to it is not one."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.phone_groups import CLOCK_RANGE, NOT_GLUED_AFTER

SHORT = r"(?:\d-\d{4}|\d{4,5})"
LABEL = (
    r"\b(?:pager|pgr|pg|beeper|beep|bleep|ext|extension)(?:[ \t]+(?:number|no|num))?\.?"
    r"[ \t]*(?:[:#][ \t]*){0,2}"
)
NOT_A_RANGE = r"(?![ \t]*-[ \t]*\d)"


class PagerNumberRecognizer(DeclarativeRecognizer):
    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern("after a pager label", rf"(?<={LABEL}){SHORT}{NOT_GLUED_AFTER}{NOT_A_RANGE}", 0.5),
        Pattern("extension", rf"\bx{SHORT}{NOT_GLUED_AFTER}{NOT_A_RANGE}", 0.5),
    ]
    CONTEXT = ["pager", "beeper", "page", "ext", "extension", "call", "phone"]

    def validate_result(self, pattern_text: str) -> bool | None:
        return False if CLOCK_RANGE.match(pattern_text.lstrip("x")) else None
