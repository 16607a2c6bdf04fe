"""Given names and surnames of the US census (the `names` package, MIT; the 1990 census lists:
5,494 given names, 88,799 surnames), to keep a name guessed from its context when the tagger
gives it nothing: "son bill", "GIRLFRIEND EVE", "NP DJURIC", "per md Saeed".

A surname counts only where it is not also an ordinary word: the census lists GOOD, STRONG,
KEEP, COUGH and ROUNDS as surnames ("NP GOOD COUGH", "MD AWARE"). Ordinary words are the whole
words of the tagger's vocabulary (BERT's 24,694 whole words), which knows BILL and MILLER but
not DJURIC or SAEED; a given name counts unless it is one of the few that are words of a note.
"""

from __future__ import annotations

import functools
from collections.abc import Container
from importlib import resources

# Given names of the census lists that a nursing note uses as words.
GIVEN_NAMES_THAT_ARE_NOTE_WORDS = frozenset(
    {"will", "may", "son", "long", "mae", "june", "april", "august", "art", "sunny", "an"}
)


def _first_column(filename: str) -> frozenset[str]:
    text = resources.files("names").joinpath(filename).read_text(encoding="ascii")
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.strip())


@functools.cache
def given_names() -> frozenset[str]:
    return _first_column("dist.male.first") | _first_column("dist.female.first")


@functools.cache
def surnames() -> frozenset[str]:
    return _first_column("dist.all.last")


def known_name(word: str, ordinary_words: Container[str]) -> bool:
    """`word` is a census given name, or a census surname that is not an ordinary word."""
    w = word.lower()
    if w in GIVEN_NAMES_THAT_ARE_NOTE_WORDS:
        return False
    return w in given_names() or (w in surnames() and w not in ordinary_words)
