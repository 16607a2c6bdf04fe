"""Census names and misspelt ordinary words (classifier/detection/name_lexicon.py)."""

from __future__ import annotations

import pytest

from classifier.detection.name_lexicon import given_names, known_name, misspelt_word, surnames

ORDINARY = frozenset(
    {"remains", "unsuccessful", "possible", "though", "adamant", "contacted", "bill", "good",
     "miller", "petersburg", "garrison", "will"}
)  # fmt: skip


def test_the_census_lists_load() -> None:
    assert len(given_names()) > 5000 and len(surnames()) > 88000
    assert {"carol", "edward", "eve"} <= given_names() and "djuric" in surnames()


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("bill", True),  # a given name, though an ordinary word
        ("DJURIC", True),  # a surname no ordinary word
        ("Saeed", True),
        ("MILLER", False),  # a surname that is an ordinary word
        ("GOOD", False),
        ("WILL", False),  # a given name a note uses as a word
        ("MAE", False),
        ("STAYED", False),
    ],
)
def test_known_names(word: str, known: bool) -> None:
    assert known_name(word, ORDINARY) is known


@pytest.mark.parametrize(
    ("word", "misspelt"),
    [
        ("REAMINS", True),  # transposition
        ("UNSUCCESFUL", True),  # deletion
        ("possibe", True),
        ("thoough", True),  # insertion
        ("ADAMENT", True),  # substitution
        ("conntacted", True),
        ("remains", False),  # the word itself
        ("Garison", False),  # one edit from the surname Garrison
        ("DJURIC", False),  # far from every word
        ("Radu", False),  # too short to tell
        ("Crosson", False),  # a census surname
        ("9/2/92", False),
    ],
)
def test_misspelt_words(word: str, misspelt: bool) -> None:
    assert misspelt_word(word, ORDINARY) is misspelt
