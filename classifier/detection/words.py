"""Words as the spaCy model's tokenizer splits them, without spaCy: its rules (prefixes,
suffixes, infixes, URLs, special cases) and stop words are data
(data/tokenizer_rules.json, exported by scripts/export_tokenizer_rules.py) and its algorithm
is spaCy's `Tokenizer._tokenize_affixes` (whitespace runs, then affixes, special cases and
infixes per space-separated chunk). The context words of a finding (classifier/detection/
context.py) are read from these words, as Presidio reads them from spaCy's tokens.

Then spaCy's second pass: a special case that contains an affix ("Dr.", ":)") and was cut by
the affix rules of a longer chunk ("Jan.N.Y.") is put back whole where its pieces follow one
another (`_merged_special_cases`, spaCy's `Tokenizer._apply_special_cases`)."""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

RULES_FILE = Path(__file__).parent / "data" / "tokenizer_rules.json"
CHUNK_CACHE = 65_536  # distinct chunks whose split is kept (spaCy keeps 10,000)


@dataclass(frozen=True)
class Rules:
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str] | None
    special: dict[str, tuple[str, ...]]
    stop_words: frozenset[str]
    # special cases with an affix, by their first piece when split without special cases:
    # first piece -> [(pieces, the special case)]
    split_specials: dict[str, list[tuple[tuple[str, ...], str]]]


@functools.cache
def rules() -> Rules:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    plain = Rules(
        prefix=re.compile(data["prefix"]),
        suffix=re.compile(data["suffix"]),
        infix=re.compile(data["infix"]),
        url=re.compile(data["url"]) if data["url"] else None,
        special={},
        stop_words=frozenset(data["stop_words"]),
        split_specials={},
    )
    split: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key in data["special_cases"]:
        if _has_affix(key, plain):
            pieces = _split(key, plain)
            split.setdefault(pieces[0], []).append((pieces, key))
    special = {k: tuple(v) for k, v in data["special_cases"].items()}
    return dataclasses.replace(plain, special=special, split_specials=split)


def _has_affix(key: str, r: Rules) -> bool:
    """Whether spaCy's special-case matcher holds `key` (Tokenizer.add_special_case)."""
    return bool(r.prefix.search(key) or r.infix.search(key) or r.suffix.search(key) or " " in key)


def _affixes(chunk: str, r: Rules) -> tuple[list[str], str, list[str]]:
    """spaCy's Tokenizer._split_affixes: prefixes, the rest, suffixes (outermost last)."""
    prefixes: list[str] = []
    suffixes: list[str] = []
    string, last_size = chunk, 0
    while string and len(string) != last_size:
        if string in r.special:
            break
        last_size = len(string)
        m = r.prefix.search(string)
        pre_len = m.end() if m else 0
        if pre_len:
            prefix, minus_pre = string[:pre_len], string[pre_len:]
            if minus_pre and minus_pre in r.special:
                prefixes.append(prefix)
                return prefixes, minus_pre, suffixes
        m = r.suffix.search(string[pre_len:])
        suf_len = (m.end() - m.start()) if m else 0
        if suf_len:
            suffix, minus_suf = string[-suf_len:], string[:-suf_len]
            if minus_suf and minus_suf in r.special:
                suffixes.append(suffix)
                return prefixes, minus_suf, suffixes
        if pre_len and suf_len and pre_len + suf_len <= len(string):
            string = string[pre_len:-suf_len]
            prefixes.append(prefix)
            suffixes.append(suffix)
        elif pre_len:
            string = minus_pre
            prefixes.append(prefix)
        elif suf_len:
            string = minus_suf
            suffixes.append(suffix)
    return prefixes, string, suffixes


def _infixed(string: str, r: Rules) -> list[str]:
    """spaCy's Tokenizer._attach_tokens for the middle of a chunk."""
    if string in r.special:
        return list(r.special[string])
    if r.url is not None and r.url.match(string):
        return [string]
    out: list[str] = []
    start = 0
    for m in r.infix.finditer(string):
        if m.start() == 0:
            continue
        if m.start() != start:
            out.append(string[start : m.start()])
        if m.start() != m.end():
            out.append(m.group())
        start = m.end()
    if string[start:]:
        out.append(string[start:])
    return out


@functools.lru_cache(CHUNK_CACHE)
def chunk_words(chunk: str) -> tuple[str, ...]:
    """The words of one chunk without blanks (or one run of blanks), as spaCy splits it."""
    return _split(chunk, rules())


def _split(chunk: str, r: Rules) -> tuple[str, ...]:
    if chunk in r.special:
        return r.special[chunk]
    prefixes, middle, suffixes = _affixes(chunk, r)
    out = [p for prefix in prefixes for p in r.special.get(prefix, (prefix,))]
    if middle:
        out += _infixed(middle, r)
    out += [s for suffix in reversed(suffixes) for s in r.special.get(suffix, (suffix,))]
    return tuple(out)


_RUNS = re.compile(r"\s+|\S+")


def words(text: str) -> tuple[list[int], list[str]]:
    """(start offsets, texts) of the words of `text`: a run of blanks is a word, less the one
    space that ends the word before it (spaCy's whitespace tokens)."""
    starts: list[int] = []
    texts: list[str] = []
    previous_word = False
    for m in _RUNS.finditer(text):
        at, run = m.start(), m.group()
        if run[0].isspace():
            if previous_word and run[0] == " ":
                at, run = at + 1, run[1:]
            previous_word = False
            if not run:
                continue
            pieces: tuple[str, ...] = (run,)
        else:
            previous_word = True
            pieces = chunk_words(run)
        for piece in pieces:
            starts.append(at)
            texts.append(piece)
            at += len(piece)
    return _merged_special_cases(text, starts, texts)


def _merged_special_cases(
    text: str, starts: list[int], texts: list[str]
) -> tuple[list[int], list[str]]:
    """spaCy's special-case matcher: where the pieces of a special case with an affix follow
    one another and spell it, its own pieces replace them; the longest first, none sharing a
    first or last word with one already taken."""
    split = rules().split_specials
    found: list[tuple[int, int, str]] = []  # (first word, end word, special case)
    for i, word in enumerate(texts):
        for pieces, key in split.get(word, ()):
            end = i + len(pieces)
            if tuple(texts[i:end]) == pieces:
                found.append((i, end, key))
    if not found:
        return starts, texts
    found.sort(key=lambda f: (f[1] - f[0], -f[0]))  # taken: the longest, then leftmost
    seen: set[int] = set()
    taken = []
    for first, end, key in reversed(found):
        if first not in seen and end - 1 not in seen:
            taken.append((first, end, key))
        seen.update(range(first, end))
    special = rules().special
    for first, end, key in sorted(taken, reverse=True):
        at = starts[first]
        if text[at : starts[end - 1] + len(texts[end - 1])] != key:
            continue  # spelled with blanks between: not the special case
        new_starts, new_texts = [], []
        for piece in special[key]:
            new_starts.append(at)
            new_texts.append(piece)
            at += len(piece)
        starts[first:end] = new_starts
        texts[first:end] = new_texts
    return starts, texts


@functools.lru_cache(CHUNK_CACHE)
def is_punct(word: str) -> bool:
    """spaCy's is_punct: every character is punctuation (Unicode category P*)."""
    return all(unicodedata.category(c).startswith("P") for c in word)


def is_stop(word: str) -> bool:
    return word.lower() in rules().stop_words
