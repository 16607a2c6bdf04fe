"""Word lists shared by the context recognizers and the detector's false-positive filter:
words that follow a title or a relative without being a name, and clinical vocabulary
(sections, tests, drugs, units, ward abbreviations) that NER models mistake for names or
places. Lower case; the lists themselves are the text files in `classifier/detection/data/`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from classifier.detection.datafiles import data_lines

NOT_A_NAME = frozenset(data_lines("not_a_name.txt"))
CLINICAL_TERMS = frozenset(data_lines("clinical_terms.txt"))
# Species after a genus initial ("E. coli", "S. AUREUS", "C. diff"): not a surname after an
# initial.
ORGANISM_EPITHETS = frozenset(data_lines("organism_epithets.txt"))


def one_of(words: Iterable[str]) -> str:
    """A regex alternation of `words`, the longest first (so that the longest one matches)."""
    return "|".join(sorted(words, key=len, reverse=True))


def listed(filename: str) -> str:
    """The phrases of data/<filename> as one group, escaped, blanks between their words, the
    longest first."""
    phrases = (r"[ \t]+".join(map(re.escape, p.split())) for p in data_lines(filename))
    return f"(?:{one_of(phrases)})"


# what the first word of a name or a place found by its context is not
NOT_A_NAME_OR_TERM = one_of(NOT_A_NAME | CLINICAL_TERMS)
