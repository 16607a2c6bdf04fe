"""Word lists are data files under the package, loaded once, equal to the lists they replace."""

from __future__ import annotations

import hashlib

import pytest

from classifier.detection import vocabulary
from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers import swift_bic

# (loaded set, count, sha256[:16] of the sorted entries joined by newlines, a few members):
# counts and digests of the lists as they were written in code before they became files.
WAS = [
    (vocabulary.NOT_A_NAME, 194, "8d4972018357e226", {"about", "bedside", "family"}),
    (vocabulary.CLINICAL_TERMS, 256, "01b194dba6155fcb", {"abd", "abg"}),
    (vocabulary.ORGANISM_EPITHETS, 50, "a442be7a42e4d04d", {"coli", "diff", "difficile"}),
    (swift_bic.COUNTRIES, 250, "f76389e44b4b31ef", {"GB", "DE", "US", "XK"}),
]


@pytest.mark.parametrize(("loaded", "count", "digest", "members"), WAS)
def test_a_loaded_list_equals_the_list_it_replaces(
    loaded: frozenset[str], count: int, digest: str, members: set[str]
) -> None:
    assert isinstance(loaded, frozenset)
    assert len(loaded) == count and members <= loaded
    assert hashlib.sha256("\n".join(sorted(loaded)).encode()).hexdigest()[:16] == digest
    assert not any(entry.startswith("#") or entry != entry.strip() for entry in loaded)


def test_a_list_is_read_once() -> None:
    assert data_lines("clinical_terms.txt") is data_lines("clinical_terms.txt")
    assert len(data_lines("not_a_name.txt")) == len(vocabulary.NOT_A_NAME)  # no duplicates


def test_a_missing_list_fails_loudly() -> None:
    with pytest.raises(FileNotFoundError):
        data_lines("no_such_list.txt")
