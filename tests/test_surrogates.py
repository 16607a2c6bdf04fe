"""Surrogate copies of annotated notes (classifier/training/surrogates.py)."""

from __future__ import annotations

import random
import re

import pytest

from classifier.training.ner_data import TaggedText
from classifier.training.surrogates import surrogate_copy, value_pool, with_surrogates


def _tagged(doc_id: str, text: str, values: list[tuple[str, str]]) -> TaggedText:
    spans = []
    for value, tag in values:
        start = text.index(value)
        spans.append((start, start + len(value), tag))
    return TaggedText(doc_id, doc_id, text, tuple(spans))


# fmt: off
TEXTS = [
    _tagged(
        "a",
        "SEEN BY DR. OKAFOR ON 3/14. SON BILL CALLED FROM 555-201-3344. TRANSFERRED TO CALVERT.",
        [("OKAFOR", "PERSON"), ("3/14", "DATE_TIME"), ("BILL", "PERSON"),
         ("555-201-3344", "PHONE_NUMBER"), ("CALVERT", "LOCATION")],
    ),
    _tagged(
        "b",
        "daughter Ann Marie Lopez visited on july 2nd, lives in Bel Air. MRN 123456.",
        [("Ann Marie Lopez", "PERSON"), ("july 2nd", "DATE_TIME"), ("Bel Air", "LOCATION"),
         ("123456", "ID")],
    ),
    _tagged("c", "Pt stable overnight, no events.", []),
]
# fmt: on


def _between(text: TaggedText) -> list[str]:
    """The pieces of `text` outside its values."""
    cuts = [0, *(i for s, e, _ in text.spans for i in (s, e)), len(text.text)]
    return [text.text[a:b] for a, b in zip(cuts[::2], cuts[1::2], strict=True)]


def test_the_pool_holds_values_and_name_words_by_type_and_word_count() -> None:
    pool = value_pool(TEXTS)
    assert pool["PERSON", 1] == ["Ann", "BILL", "Lopez", "Marie", "OKAFOR"]
    assert pool["PERSON", 3] == ["Ann Marie Lopez"]
    assert pool["LOCATION", 2] == ["Bel Air"]
    assert ("ID", 1) not in pool  # identifiers our patterns own are not swapped


@pytest.mark.parametrize("seed", range(20))
def test_a_copy_swaps_values_and_keeps_everything_else(seed: int) -> None:
    pool = value_pool(TEXTS)
    for original in TEXTS:
        copy = surrogate_copy(original, pool, random.Random(seed), 0)
        assert copy.group == original.group and copy.id == f"{original.id}~s0"
        assert [tag for _, _, tag in copy.spans] == [tag for _, _, tag in original.spans]
        # the text between the values is unchanged
        assert _between(copy) == _between(original)
        for (s, e, tag), (s0, e0, _) in zip(copy.spans, original.spans, strict=True):
            new, old = copy.text[s:e], original.text[s0:e0]
            if tag == "PHONE_NUMBER":
                assert re.sub(r"\d", "9", new) == re.sub(r"\d", "9", old)
            elif tag == "ID":
                assert new == old
            else:
                assert len(new.split()) == min(len(old.split()), 3) or tag == "DATE_TIME"
                if old.isupper():
                    assert new.isupper()


def test_copies_follow_the_originals_and_skip_texts_without_values() -> None:
    out = with_surrogates(TEXTS, 2, seed=1)
    assert out[:3] == TEXTS
    assert [t.id for t in out[3:]] == ["a~s0", "b~s0", "a~s1", "b~s1"]
    assert with_surrogates(TEXTS, 0, seed=1) == TEXTS
    assert with_surrogates(TEXTS, 2, seed=1) == out  # seeded
