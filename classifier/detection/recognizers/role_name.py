"""A name a note gives by a person's role: in brackets after a role, or before an extension
("RT (May)", "device RN (Luz)", "SLP (Bishop, x4-7102)", "lactation (Precious, IBCLC)"),
after an interpreter or a contact ("interpreter Bopha", "employer contact Sal, 915-555-0102"),
in title case after a relative ("grandson Will visiting"). The role or the brackets say the
word is who, not what, so a name that is also a word ("May", "Hope", "Bishop", "Will") is
redacted there; the tagger, which reads such words as words, is not asked."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.base import DeclarativeRecognizer
from classifier.detection.recognizers.titled_name import RELATIVES
from classifier.detection.vocabulary import NOT_A_NAME, one_of

# a name in title case ("Luz", "Kim-Anh"), not an abbreviation in capitals ("NPO", "MAP")
NAME_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’]+)?"
_STOP = one_of(NOT_A_NAME | set(data_lines("not_a_name_after_role.txt")))

ROLES = (
    r"rn|lpn|cna|rt|rrt|slp|ot|pt|np|pa|md|do|sw|cm|msw|rd|ibclc|chaplain|interpreter|"
    r"translator|pharmacist|dietitian|dietician|nurse|aide|tech|therapist|case[ ]mgmt|"
    r"case[ ]manager|social[ ]work(?:er)?|lactation|clinician|counsel(?:l)?or|coordinator"
)
EXTENSION = r"(?:x|ext\.?|extn\.?)[ \t]?\d"
CREDENTIAL = r"(?:rn|lpn|ibclc|lmhc|lcsw|rd|slp|ot|pt|np|pa-c|md|msw|cna|rrt)\b"
MONTHS = r"January|February|March|April|May|June|July|August|September|October|November|December"
AFTER_NAME = rf"(?:{EXTENSION}|{CREDENTIAL})"


class RoleNameRecognizer(DeclarativeRecognizer):
    ENTITY = "PERSON"
    PATTERNS = [
        Pattern(
            "a name in brackets after a role",
            rf"(?<=\b(?:{ROLES})[ \t]?\()(?-i:{NAME_WORD})(?=\)|,[ \t]*{AFTER_NAME})",
            0.7,
        ),
        Pattern(
            "a name in brackets before an extension or a credential",
            rf"(?<=\()(?-i:{NAME_WORD})(?=,[ \t]*{AFTER_NAME})",
            0.7,
        ),
        Pattern(  # "grandson Will visiting", "wife Hope called": title case after a relative
            "a name in title case after a relative",
            rf"(?<=\b(?-i:{RELATIVES})[ \t]{{1,2}})(?!(?-i:{MONTHS})\b)(?-i:{NAME_WORD})\b"
            r"(?![ \t]*\d)",
            0.6,
        ),
        Pattern(
            "a name after an interpreter",
            rf"(?<=\b(?:interpreter|translator|contact)[ \t]+)(?!(?:{_STOP})\b)(?-i:{NAME_WORD})\b",
            0.6,
        ),
    ]
    CONTEXT = []
