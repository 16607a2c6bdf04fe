"""Which patterns can match a text at all: from a pattern's parse, the literal strings one of
which every match needs (`needed`); a pattern is run only on a text that contains one of them
(`may_match`), compared without case. Exact: a pattern is skipped only where it cannot match;
a pattern whose matches need no literal (or only non-ASCII ones) is always run.

Case: `folded` maps each character to its simple lower case (as `re` compares without case)
and the characters `re` and `regex` also treat as the same letter (long s, dotless i, Kelvin
sign) to one of them, so a text folds to a string that contains the literal wherever the
pattern could match it."""

from __future__ import annotations

import _sre
import functools
import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from re._casefix import _EXTRA_CASES
from typing import Any

Literals = frozenset[str] | None  # None: no literal is needed (the pattern always runs)
_SAME_LETTER = {c: min(c, *others) for c, others in _EXTRA_CASES.items()}


class _FoldTable(dict[int, int]):
    def __missing__(self, code: int) -> int:
        low = _sre.unicode_tolower(code)
        self[code] = _SAME_LETTER.get(low, low)
        return self[code]


_FOLD = _FoldTable()


def folded(text: str) -> str:
    """`text` without case, for `may_match` (an ASCII text: its lower case)."""
    return text.lower() if text.isascii() else text.translate(_FOLD)


def may_match(literals: Literals, folded_text: str) -> bool:
    return literals is None or any(lit in folded_text for lit in literals)


@functools.cache
def needed(pattern: str, flags: int = 0) -> Literals:
    """Literal strings (folded) one of which every match of `pattern` contains, or None."""
    tree = parsed(pattern, flags & ~re.X)
    return None if tree is None else _sequence(list(tree))


@functools.cache
def parsed(pattern: str, flags: int) -> Any:
    """`re`'s parse of `pattern` (not to be changed), or None where `re` cannot parse it;
    once per pattern, for the prefilter and anchors.py."""
    try:
        return _parser.parse(pattern, flags)
    except (re.error, TypeError, ValueError):
        return None


def literal(item: tuple[Any, Any]) -> str | None:
    op, value = item
    if op is sre.LITERAL and value < 128:
        return chr(value).translate(_FOLD)
    return None


def needed_in(items: list[tuple[Any, Any]]) -> Literals:
    """`needed` for a parsed part of a pattern (its items)."""
    return _sequence(items)


def _best(candidates: list[frozenset[str]]) -> Literals:
    """The most selective candidate: the one whose shortest literal is longest."""
    usable = [c for c in candidates if c and all(c)]
    return max(usable, key=lambda c: min(map(len, c)), default=None)


def _sequence(items: list[tuple[Any, Any]]) -> Literals:
    candidates: list[frozenset[str]] = []
    run = ""
    for item in items:
        char = literal(item)
        if char is not None:
            run += char
            continue
        if item[0] is sre.BRANCH:
            extended = _after(run, item[1][1])
            if extended is not None:
                candidates.append(extended)
        if run:
            candidates.append(frozenset({run}))
        run = ""
        inner = _item(item)
        if inner is not None:
            candidates.append(inner)
    if run:
        candidates.append(frozenset({run}))
    return _best(candidates)


def _lead(items: list[tuple[Any, Any]]) -> str:
    out = ""
    for item in items:
        char = literal(item)
        if char is None:
            break
        out += char
    return out


def _after(run: str, alternatives: list[Any]) -> Literals:
    """The literal run before a branch joined with each alternative's leading literals."""
    if not run:
        return None
    return frozenset(run + _lead(list(alt)) for alt in alternatives)


def _item(item: tuple[Any, Any]) -> Literals:
    op, value = item
    if op is sre.SUBPATTERN:
        return _sequence(list(value[3]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(value))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _sequence(list(value[2])) if value[0] >= 1 else None
    if op is sre.ASSERT:  # a lookaround's text is in the text too
        return _sequence(list(value[1]))
    if op is sre.BRANCH:
        found = [_sequence(list(alt)) for alt in value[1]]
        if any(f is None for f in found):
            return None
        return frozenset().union(*found)  # type: ignore[arg-type]
    return None
