"""Detection packs (data/packs.txt): the recognizers and filters each domain turns on. The
general pack is always on; a document whose domain is uncertain, unknown or not given gets
the union of all packs (over-redaction is the safe side), without their sure-filters: those
apply only where a sure classification chose the pack."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from classifier.detection.datafiles import data_lines
from classifier.document import Classification

GENERAL = "general"
# sure-filter: a filter of a pack chosen by a sure classification only, never of the union an
# uncertain document gets (states leave clinical notes, not a document of unknown kind)
KINDS = ("recognizer", "filter", "sure-filter")
# The classification's confidence below which its domain does not choose the packs. The label's
# confidence is a lower bound of its domain's.
DOMAIN_SURE_AT = 0.6


@dataclass(frozen=True)
class Selection:
    """What the chosen packs turn on: filters; `off`: the recognizers of the packs not
    chosen."""

    packs: tuple[str, ...]
    filters: frozenset[str]
    off: frozenset[str]


@functools.cache
def _entries() -> tuple[tuple[str, str, str], ...]:
    out = []
    for line in data_lines("packs.txt"):
        pack, kind, name = line.split()
        if kind not in KINDS:
            raise ValueError(f"packs.txt: unknown kind {kind!r}")
        out.append((pack, kind, name))
    return tuple(out)


def pack_names() -> tuple[str, ...]:
    return tuple(dict.fromkeys(pack for pack, _, _ in _entries()))


def packs_for(classification: Classification | None) -> tuple[str, ...]:
    """The packs for a document of this classification."""
    every = pack_names()
    if (
        classification is None
        or classification.confidence < DOMAIN_SURE_AT
        or classification.domain not in every
    ):
        return every
    return tuple(dict.fromkeys((GENERAL, classification.domain)))


@functools.cache
def selection(packs: tuple[str, ...]) -> Selection:
    def named(kind: str, chosen: bool) -> list[str]:
        return [n for p, k, n in _entries() if k == kind and (p in packs) == chosen]

    on = set(named("recognizer", True))
    sure = set(packs) != set(pack_names())
    return Selection(
        packs=packs,
        filters=frozenset(named("filter", True) + (named("sure-filter", True) if sure else [])),
        off=frozenset(n for n in named("recognizer", False) if n not in on),
    )
