"""Stable colours per entity type: a fixed palette (entity_palette.txt) taken in the order of
the known types, so a type keeps its colour across pages and no two known types share one.
Served as a stylesheet (`/entities.css`) and listed as the legend."""

from __future__ import annotations

import functools
from pathlib import Path

from classifier.policy.entities import OUR_ENTITY_TYPES, PRESIDIO_ENTITY_TYPES

PALETTE_FILE = Path(__file__).with_name("entity_palette.txt")
ORDER = PRESIDIO_ENTITY_TYPES + OUR_ENTITY_TYPES
OTHER = "#e0e0e0"  # a type no policy can name (an old record): neutral grey


@functools.cache
def palette() -> tuple[str, ...]:
    lines = PALETTE_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(x.strip() for x in lines if x.strip() and not x.startswith("# "))


def colour(entity_type: str) -> str:
    if entity_type not in ORDER:
        return OTHER
    return palette()[ORDER.index(entity_type)]


def colour_table() -> dict[str, str]:
    return {t: colour(t) for t in ORDER}


def legend(types: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    return [{"entity_type": t, "colour": colour(t)} for t in types]


def stylesheet() -> str:
    """A rule per known type for highlights and legend swatches (`data-entity`)."""
    return "".join(
        f'mark.ent[data-entity="{t}"],.swatch[data-entity="{t}"]{{background:{colour(t)}}}\n'
        for t in ORDER
    )
