"""Surrogate copies of annotated notes, to teach the PHI tagger contexts rather than values.

The development notes hold few annotated values (924 spans in 1,228 PhysioNet notes) and the
tagger learns the values themselves as much as the words around them ("son bill" is found only
if "bill" was a name in training). Each note with annotated names, places, dates or phone
numbers is copied with every such value replaced by another value of the same type drawn from
the training data itself (a one-word name by a name word, a two-word name by a two-word name, a
date by a date, a phone number by its own digits shuffled), in the case of the value replaced.
The copies train the tagger beside the originals; the values of the half that scores the
tagger never enter the pool (`train_tagger` builds it from the training texts only).
"""

from __future__ import annotations

import random
from collections import defaultdict

from classifier.training.ner_data import TaggedText

SWAPPED_TYPES = ("PERSON", "LOCATION", "DATE_TIME", "PHONE_NUMBER")


def _words(value: str) -> int:
    """The pool a value is drawn from: its type's values of the same number of words."""
    return min(len(value.split()), 3)


def value_pool(texts: list[TaggedText]) -> dict[tuple[str, int], list[str]]:
    """The annotated values of `texts`, by type and word count (3 = three or more)."""
    pool: dict[tuple[str, int], set[str]] = defaultdict(set)
    for t in texts:
        for start, end, tag in t.spans:
            value = t.text[start:end].strip()
            if tag in SWAPPED_TYPES and len(value) > 1 and "\n" not in value:
                pool[tag, _words(value)].add(value)
                if tag == "PERSON":
                    pool[tag, 1].update(w for w in value.split() if w.isalpha() and len(w) > 1)
    return {k: sorted(v) for k, v in pool.items()}


def _in_case_of(value: str, model: str) -> str:
    if model.isupper():
        return value.upper()
    if model.islower():
        return value.lower()
    return value


def _digits_shuffled(value: str, rng: random.Random) -> str:
    return "".join(str(rng.randrange(10)) if c.isdigit() else c for c in value)


def _surrogate(
    value: str, tag: str, pool: dict[tuple[str, int], list[str]], rng: random.Random
) -> str:
    if tag == "PHONE_NUMBER":
        return _digits_shuffled(value, rng)
    choices = pool.get((tag, _words(value))) or pool.get((tag, 1))
    if not choices:
        return value
    return _in_case_of(rng.choice(choices), value)


def surrogate_copy(
    text: TaggedText, pool: dict[tuple[str, int], list[str]], rng: random.Random, n: int
) -> TaggedText:
    """`text` with each name, place, date and phone value replaced by a surrogate."""
    parts, spans, cursor, shift = [], [], 0, 0
    for start, end, tag in sorted(text.spans):
        if start < cursor:  # overlapping annotations: keep the first
            continue
        value = text.text[start:end]
        new = _surrogate(value, tag, pool, rng) if tag in SWAPPED_TYPES else value
        parts += [text.text[cursor:start], new]
        spans.append((start + shift, start + shift + len(new), tag))
        shift += len(new) - len(value)
        cursor = end
    parts.append(text.text[cursor:])
    return TaggedText(f"{text.id}~s{n}", text.group, "".join(parts), tuple(spans))


def with_surrogates(texts: list[TaggedText], copies: int, seed: int) -> list[TaggedText]:
    """`texts` followed by `copies` surrogate copies of each one with swappable values."""
    if copies <= 0:
        return texts
    pool, rng = value_pool(texts), random.Random(seed)
    swappable = [t for t in texts if any(tag in SWAPPED_TYPES for _, _, tag in t.spans)]
    return texts + [surrogate_copy(t, pool, rng, n) for n in range(copies) for t in swappable]
