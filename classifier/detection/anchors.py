"""Where a pattern's matches can start, so that it is tried there only and not at every
position of a text: the same matches as `finditer`, found faster where a pattern's start is
tied to literal strings that are rare in the text (prefilter.py says which literals).

A pattern has an anchor (`anchor`) where, from its parse (`re`'s parser, also for the
patterns the `regex` module compiles):
  - a match starts with one of some literals (after zero-width assertions such as `\\b`):
    `\\b(?:jan(?:uary)?|feb(?:ruary)?|...)`: tried only where one of them starts;
  - a match starts with a digit right after a `\\b`: tried only where a word starts with a
    digit (those positions found once per text for all patterns, `shared`);
  - a match starts right after a lookbehind that needs a literal, and the lookbehind's text is
    bounded: at most `width` characters not in `spread` (the classes of its unbounded repeats,
    such as `\\s*`) besides any number of `spread` characters. `(?<=\\b(?:mrn|chart)\\s*#?)\\d+`:
    tried within that reach after each literal's start (only at digits where a match starts
    with one).

`matches` tries the pattern (`match` at a position: its lookbehinds and `\\b` still see the
text before it, as `finditer` does) at those positions in order, skipping those inside the
last match, as `finditer` does; a pattern that can match the empty string has no anchor, nor
one with a lookaround inside its lookbehind or a `regex`-only set syntax (`[[`, `(?V1`).
Where the candidate positions are many (COST_RATIO), the whole text is scanned as before."""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from typing import Any

from classifier.detection import prefilter

# a `match` call from Python costs about as much as scanning this many characters (measured:
# 12 was the fastest of 12, 24, 48, 96 on 100 corpus pages and on 190,000 characters)
COST_RATIO = 12
MAX_SEARCHES = 6  # more literals than this are found by one pattern of them all
MAX_LITERALS = 40  # more (the 57 US state codes) cost more to find than the `regex` scan
MAX_WIDTH = 120  # a lookbehind reaching further than this is not worth an anchor
_FLAGS = re.I | re.M | re.S | re.X | re.A  # the flags `re` and `regex` share
_WORD_DIGIT = re.compile(r"(?<!\w)\d")  # `\b\d`: a word starting with a digit (Unicode)
_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_CATEGORIES = {
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}


@dataclass(frozen=True)
class Anchor:
    literals: frozenset[str]  # folded (prefilter.folded)
    reach: Any = None  # None: a match starts at a literal; else a compiled pattern (see above)
    word_digits: bool = False  # a match starts with a digit that starts a word (`\\b\\d`)
    digit_first: bool = False  # (after a lookbehind) a match starts with a digit
    engine: str = "re"  # whose `\\d` says what a digit is (`regex` knows newer digits)


@functools.cache
def anchor(pattern: str, flags: int, engine: Any = re) -> Anchor | None:
    """The anchor of `pattern` compiled with `flags` by `engine` (re or regex), or None."""
    if flags & re.X or (engine is not re and ("[[" in pattern or "(?V1" in pattern)):
        return None  # (`re`'s parser would not read it as the `regex` module does)
    tree = prefilter.parsed(pattern, flags)
    if tree is None or tree.getwidth()[0] == 0:
        return None
    items = list(tree)
    leading = _leading(items)
    if leading is not None:
        return Anchor(leading) if len(leading) <= MAX_LITERALS else None
    if engine is re and not flags & re.A and _word_digit(items):
        return Anchor(frozenset(), word_digits=True)
    return _after_lookbehind(items, flags, engine)


def _leading(items: list[Any]) -> frozenset[str] | None:
    """Literals one of which every match starts with, or None."""
    items = _without_zero_width(items)
    if not items:
        return None
    op, value = items[0]
    if op is sre.LITERAL:
        run = ""
        for item in items:
            char = prefilter.literal(item)
            if char is None:
                break
            run += char
        return frozenset({run}) if run else None
    if op is sre.BRANCH:
        found = [_leading(list(alt)) for alt in value[1]]
        return None if any(f is None for f in found) else frozenset().union(*found)  # type: ignore[arg-type]
    if op is sre.SUBPATTERN:
        return _leading(list(value[3]))
    if op in _REPEATS and value[0] >= 1:
        return _leading(list(value[2]))
    return None


def _word_digit(items: list[Any], bounded: bool = False) -> bool:
    """Whether every match starts with a digit right after a `\\b` (so where a word starts)."""
    for op, value in items:
        if op is sre.AT:
            bounded = bounded or value is sre.AT_BOUNDARY
        elif op is sre.ASSERT or op is sre.ASSERT_NOT:
            continue
        elif op is sre.IN:
            return bounded and _digits_only(value)
        elif op is sre.LITERAL:
            return bounded and chr(value) in "0123456789"
        elif op is sre.SUBPATTERN:
            return _word_digit(list(value[3]), bounded)
        elif op is sre.BRANCH:
            return all(_word_digit(list(alt), bounded) for alt in value[1])
        elif op in _REPEATS and value[0] >= 1:
            return _word_digit(list(value[2]), bounded)
        else:
            return False
    return False


def _digits_only(members: list[Any]) -> bool:
    for kind, arg in members:
        if kind is sre.CATEGORY and arg is sre.CATEGORY_DIGIT:
            continue
        if kind is sre.RANGE and 48 <= arg[0] <= arg[1] <= 57:
            continue
        if kind is sre.LITERAL and 48 <= arg <= 57:
            continue
        return False
    return True


def _without_zero_width(items: list[Any]) -> list[Any]:
    i = 0
    while i < len(items) and items[i][0] in _ZERO_WIDTH:
        i += 1
    return items[i:]


def _after_lookbehind(items: list[Any], flags: int, engine: Any) -> Anchor | None:
    """The anchor of a pattern whose leading assertions hold a lookbehind needing a literal."""
    for op, value in items:
        if op not in _ZERO_WIDTH:
            return None
        if op is sre.ASSERT and value[0] == -1:
            literals = prefilter.needed_in(list(value[1]))
            spread: list[str] = []
            width = _width(list(value[1]), spread)
            if literals is None or width is None or width > MAX_WIDTH:
                continue
            if len(literals) > MAX_LITERALS:
                return None
            reach = _reach(width, spread, flags, engine)
            first = _word_digit(items, bounded=True)
            return Anchor(literals, reach, digit_first=first, engine=engine.__name__)
    return None


def _reach(width: int, spread: list[str], flags: int, engine: Any) -> Any:
    """A pattern whose match from a position ends where at most `width` characters not in
    `spread` have been passed, with any characters in `spread` (at its end too)."""
    if not spread:
        return engine.compile(rf"[\s\S]{{0,{width}}}", flags & ~re.X)
    free = "(?:" + "|".join(spread) + ")"
    return engine.compile(rf"(?:{free}*(?!{free})[\s\S]){{0,{width}}}{free}*", flags & ~re.X)


def _width(items: list[Any], spread: list[str]) -> int | None:
    """The most characters `items` match outside their unbounded repeats of one character
    class (whose classes go to `spread`), or None where that cannot be bounded."""
    total = 0
    for op, value in items:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.ANY):
            total += 1
        elif op is sre.AT or op is sre.ASSERT_NOT:
            continue  # (a lookaround's literal may lie outside the lookbehind's text)
        elif op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            inner = _width(list(value[3] if op is sre.SUBPATTERN else value), spread)
            if inner is None:
                return None
            total += inner
        elif op is sre.BRANCH:
            widths = [_width(list(alt), spread) for alt in value[1]]
            if any(w is None for w in widths):
                return None
            total += max(w for w in widths if w is not None)
        elif op in _REPEATS:
            found = _repeat_width(value, spread)
            if found is None:
                return None
            total += found
        else:
            return None
    return total


def _repeat_width(value: Any, spread: list[str]) -> int | None:
    _low, high, body = value
    if high != sre.MAXREPEAT:
        inner = _width(list(body), spread)
        return None if inner is None else inner * high
    cls = _class(list(body))
    if cls is None:
        return None
    spread.append(cls)
    return 0


def _class(items: list[Any]) -> str | None:
    """A regular expression for the one character class `items` is, or None."""
    if len(items) != 1:
        return None
    op, value = items[0]
    if op is sre.LITERAL:
        return re.escape(chr(value))
    if op is not sre.IN:
        return None
    parts = []
    for kind, arg in value:
        if kind is sre.NEGATE:
            parts.append("^")
        elif kind is sre.LITERAL:
            parts.append(re.escape(chr(arg)))
        elif kind is sre.RANGE:
            parts.append(f"{re.escape(chr(arg[0]))}-{re.escape(chr(arg[1]))}")
        elif kind is sre.CATEGORY and arg in _CATEGORIES:
            parts.append(_CATEGORIES[arg])
        else:
            return None
    return "[" + "".join(parts) + "]"


def starts(
    found: Anchor, text: str, folded: str, shared: dict[str, Any] | None = None
) -> list[tuple[int, int]] | None:
    """Merged (first, last) ranges of the positions where a match may start, or None where
    they are too many to be worth trying one by one. `shared`: what one text's patterns
    share (the positions where a word starts with a digit), found once per text."""
    if found.word_digits:
        merged = _shared(shared, "word digits", text)
    else:
        at = _occurrences(found, folded)
        if len(at) * COST_RATIO >= len(text):
            return None  # (going through many occurrences costs as much as a scan)
        merged = _merged(
            [(s, s if found.reach is None else found.reach.match(text, s).end()) for s in at]
        )
    if found.digit_first:
        merged = _digits_in(merged, _shared(shared, f"digits {found.engine}", text))
    tries = sum(last - first + 1 for first, last in merged)
    return merged if not tries or tries * COST_RATIO < len(text) else None


def _shared(shared: dict[str, Any] | None, key: str, text: str) -> list[tuple[int, int]]:
    """The positions (as ranges of one) where a word starts with a digit ("word digits") or
    of every digit as `re` or `regex` knows digits ("digits re", "digits regex"), found once
    per text in `shared`."""
    shared = {} if shared is None else shared
    if key not in shared:
        if key == "word digits":
            found = _WORD_DIGIT.finditer(text)
        else:
            found = _digit(key.split()[-1]).finditer(text)
        shared[key] = [(m.start(), m.start()) for m in found]
    positions: list[tuple[int, int]] = shared[key]
    return positions


@functools.cache
def _digit(engine: str) -> Any:
    return sys.modules[engine].compile(r"\d")  # (`regex`: 110 more code points than `re`)


def _digits_in(
    ranges: list[tuple[int, int]], digits: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The digits' positions inside `ranges`."""
    out = []
    for first, last in ranges:
        i = bisect.bisect_left(digits, (first, first))
        while i < len(digits) and digits[i][0] <= last:
            out.append(digits[i])
            i += 1
    return out


def _occurrences(found: Anchor, folded: str) -> list[int]:
    """Where one of the anchor's literals starts in `folded` (a few: string searches; many:
    one pass of a pattern of them all)."""
    if len(found.literals) > MAX_SEARCHES:
        return [m.start() for m in _finder(found.literals).finditer(folded)]
    out = []
    for literal in found.literals:
        at = folded.find(literal)
        while at != -1:
            out.append(at)
            at = folded.find(literal, at + 1)
    return out


@functools.cache
def _finder(literals: frozenset[str]) -> re.Pattern[str]:
    alternatives = sorted(map(re.escape, literals), key=len, reverse=True)
    return re.compile("(?=" + "|".join(alternatives) + ")")


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def finditer(
    found: Any, text: str, folded: str, shared: dict[str, Any] | None = None
) -> Iterator[Any]:
    """`found.finditer(text)` (`found`: a compiled `re` or `regex` pattern), tried only where
    its matches can start where that is cheaper; `folded`: prefilter.folded(text)."""
    engine = re if isinstance(found, re.Pattern) else sys.modules["regex"]
    found_anchor = anchor(found.pattern, found.flags & _FLAGS, engine)
    ranges = starts(found_anchor, text, folded, shared) if found_anchor is not None else None
    return iter(found.finditer(text)) if ranges is None else matches(found, ranges, text)


def matches(compiled: Any, ranges: list[tuple[int, int]], text: str) -> Iterator[Any]:
    """`compiled.finditer(text)`'s matches, all of which start in `ranges`."""
    done = 0
    for first, last in ranges:
        at = max(first, done)
        while at <= last:
            m = compiled.match(text, at)
            if m is None:
                at += 1
                continue
            yield m
            done = at = max(m.end(), at + 1)
