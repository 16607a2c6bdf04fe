"""Names and places: a name's pieces joined, a following surname added, titles and common words
left out; census names that confirm a guess; misspelt ordinary words that are no name; the
place-name words that complete a place ("Laurel Regional")."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Container

from classifier.detection.name_lexicon import known_name, misspelt_word
from classifier.detection.recognizers.titled_name import CREDENTIALS, RELATIVES, ROLES
from classifier.detection.vocabulary import CLINICAL_TERMS, NOT_A_NAME
from classifier.document import Finding
from classifier.ml.phi_tagger import EDGE_PUNCTUATION

TITLE_WORDS = r"(?:dr|drs|doctor|mr|mrs|ms|miss|prof|professor)"
RELATION_WORD = re.compile(rf"(?:{RELATIVES}|{ROLES}|{TITLE_WORDS})", re.I)
LEADING_TITLE = re.compile(rf"{TITLE_WORDS}\.?[ \t]+", re.I)
COMMON_WORDS = NOT_A_NAME | CLINICAL_TERMS  # never a name on their own
GIVEN_NAMES_THAT_ARE_WORDS = frozenset({"will", "may"})

_JOIN = re.compile(r"[ \t]*(?:[A-Z]\.?[ \t]+)?")
_NEXT_NAME = re.compile(r"[ \t]+([A-Z][a-z][A-Za-z'-]*)\b")
# A common word is the surname when a credential follows it: "Bernard Foley CRT".
BEFORE_CREDENTIAL = re.compile(rf",?[ \t]*(?:{CREDENTIALS})\b", re.I)
# A capitalised word between a title and a name is the given name: "Dr Will Cole", although
# "Will" alone is a common word.
_GIVEN_AFTER_TITLE = re.compile(
    rf"\b{TITLE_WORDS}\.?[ \t]+((?-i:[A-Z][a-z][A-Za-z'-]*))[ \t]+$",
    re.I,
)


def common(word: str) -> bool:
    w = word.strip(".,:;").lower()
    return w in COMMON_WORDS and w not in GIVEN_NAMES_THAT_ARE_WORDS


def census_name(value: str, ordinary_words: Container[str]) -> bool:
    """A guessed name whose words (relation and role words aside) are all census names."""
    words = [w for w in re.findall(r"[^\W\d_][\w'-]*", value) if len(w) > 1]
    words = [w for w in words if not RELATION_WORD.fullmatch(w)]
    return bool(words) and all(not common(w) and known_name(w, ordinary_words) for w in words)


def misspelt(word: str, ordinary_words: Container[str]) -> bool:
    """A misspelt ordinary word, not a proper name written with a capital ("Pietersburg")."""
    word = word.strip(EDGE_PUNCTUATION)
    proper = word[:1].isupper() and word[1:].islower()
    return not proper and misspelt_word(word, ordinary_words)


def _at_name_edge(word: str) -> bool:
    """A word to leave out at a name's edges: a common word, a relation or a role."""
    return common(word) or RELATION_WORD.fullmatch(word.strip(".,:;")) is not None


def _without_common_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A name without the common and relation words at its edges ("Patient [Margaret
    Thornton]", "[Radu] called", "GIRLFRIEND [EVE]"), one word at least."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and _at_name_edge(words[0][0]):
        words.pop(0)
    while len(words) > 1 and _at_name_edge(words[-1][0]):
        words.pop()
    return (start + words[0].start(), start + words[-1].end()) if words else (start, end)


def _joined_pieces(text: str, people: list[Finding]) -> list[Finding]:
    """PERSON pieces (by start) that overlap or are separated only by blanks or an initial,
    as one finding each."""
    merged: list[Finding] = []
    for f in people:
        if merged and (
            f.start < merged[-1].end or _JOIN.fullmatch(text, merged[-1].end, f.start) is not None
        ):
            last = merged.pop()
            f = dataclasses.replace(last, end=max(last.end, f.end), score=max(last.score, f.score))
        merged.append(f)
    return merged


def _name_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """A name's edges: common words out, the surname after a lone name and the given name
    after a title in, the title out."""
    start, end = _without_common_words(text, start, end)
    value = text[start:end]
    m = _NEXT_NAME.match(text, end)
    if (
        m
        and " " not in value.strip()
        and value[:1].isupper()
        and (m.group(1).lower() not in COMMON_WORDS or BEFORE_CREDENTIAL.match(text, m.end(1)))
    ):
        end = m.end(1)
    given = _GIVEN_AFTER_TITLE.search(text, max(0, start - 32), start)
    if given and " " not in value.strip():
        start = given.start(1)
    # a title is not part of the name ("Dr. [PERSON]"): it identifies no one, and the
    # PhysioNet gold standard leaves it out
    lead = LEADING_TITLE.match(text, start, end)
    if lead and lead.end() < end:
        start = lead.end()
    return start, end


def merge_names(text: str, findings: list[Finding]) -> list[Finding]:
    """Join PERSON pieces separated only by blanks or an initial; add a following capitalised
    surname; leave out a preceding title."""
    people = sorted((f for f in findings if f.entity_type == "PERSON"), key=lambda f: f.start)
    others = [f for f in findings if f.entity_type != "PERSON"]
    out = []
    for f in _joined_pieces(text, people):
        start, end = _name_edges(text, f.start, f.end)
        out.append(
            f if (start, end) == (f.start, f.end) else dataclasses.replace(f, start=start, end=end)
        )
    return others + out


# Words that name a place only together with the name before them ("Laurel Regional",
# "Franklin Square", "Union Memorial"): on the development notes each of them after a place
# name is part of it (memorial 7 of 7, square 2 of 2, ...).
PLACE_NAME_PARTS = frozenset(
    [
        "memorial",
        "regional",
        "square",
        "cross",
        "river",
        "shore",
        "heights",
        "hills",
        "springs",
        "falls",
        "harbor",
        "harbour",
        "valley",
        "beach",
        "point",
        "lake",
        "park",
        "village",
        "county",
    ]
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\b")


def with_place_name_parts(text: str, findings: list[Finding]) -> list[Finding]:
    """A place with the place-name words that follow it: "[LAUREL] REGIONAL" -> "[LAUREL
    REGIONAL]"."""
    out = []
    for f in findings:
        end = f.end
        while f.entity_type == "LOCATION" and (m := _NEXT_WORD.match(text, end)):
            if m[1].lower() not in PLACE_NAME_PARTS:
                break
            end = m.end()
        out.append(f if end == f.end else dataclasses.replace(f, end=end))
    return out
