"""Given names and surnames of the US census (the `names` package, MIT; the 1990 census lists:
5,163 given names, 88,799 surnames), to keep a name guessed from its context when the tagger
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


@functools.cache
def census_names() -> frozenset[str]:
    return given_names() | surnames()


def known_name(word: str, ordinary_words: Container[str]) -> bool:
    """`word` is a census given name, or a census surname that is not an ordinary word."""
    w = word.lower()
    if w in GIVEN_NAMES_THAT_ARE_NOTE_WORDS:
        return False
    return w in given_names() or (w in surnames() and w not in ordinary_words)


MIN_MISSPELT_LETTERS = 6
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _one_edit(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from `word`."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in cuts if b}
        | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
        | {a + c + b[1:] for a, b in cuts if b for c in _LETTERS}
        | {a + c + b for a, b in cuts for c in _LETTERS}
    )


def misspelt_word(word: str, ordinary_words: Container[str]) -> bool:
    """`word` reads as a misspelt ordinary word ("REAMINS", "UNSUCCESFUL", "possibe"): it is
    one edit from an ordinary word and is neither a census name nor one edit from one
    ("Garison" may be Garrison). The tagger takes such unknown words for names."""
    w = word.lower()
    if len(w) < MIN_MISSPELT_LETTERS or not w.isalpha() or w in ordinary_words:
        return False
    census = census_names()
    near = _one_edit(w)
    if w in census or not census.isdisjoint(near):
        return False
    return any(n in ordinary_words for n in near if len(n) >= MIN_MISSPELT_LETTERS - 1)
