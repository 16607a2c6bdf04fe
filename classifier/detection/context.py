"""Context words, as Presidio's LemmaContextAwareEnhancer uses them with our NLP engine
(nlp_engine.TokenizerNlpEngine: a lemma is the lower-case word): a finding whose recognizer
lists context words gains CONTEXT_BOOST (at least MIN_SCORE_WITH_CONTEXT) when one of them is
part of one of the PREFIX_WORDS keywords before it (its own first word counted). A keyword is
a word that is neither a stop word nor punctuation, split at ':' as Presidio splits them.

Only the words before each finding are split (words.py), from the start of a blank-separated
chunk far enough back; spaCy splits each chunk on its own, so they are the words of the whole
text. Which words count as keywords depends on the whole text only through the parts of
words with a ':' ("no" from "no:12" counts anywhere), collected once per text."""

from __future__ import annotations

import bisect
import re

from classifier.detection.words import is_punct, is_stop, words

# Presidio's LemmaContextAwareEnhancer defaults, as AnalyzerEngine builds it
CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
PREFIX_WORDS = 5
MAX_SCORE = 1.0
NOT_KEYWORDS = frozenset({"-PRON-", "be"})
LOOK_BACK = 64  # characters split before a finding at first; four times more while short
_WITH_COLON = re.compile(r"\S*:\S*")


def _eligible(lemma: str) -> bool:
    return not is_stop(lemma) and not is_punct(lemma) and lemma not in NOT_KEYWORDS


class ContextWords:
    """The words of one text, for the context of the findings in it."""

    def __init__(self, text: str):
        self.text = text
        self._before: dict[int, list[str]] = {}
        self.colon_parts = frozenset(
            part
            for m in _WITH_COLON.finditer(text)
            for word in words(m.group())[1]
            if ":" in word and _eligible(word.lower())
            for part in word.lower().split(":")
        )

    def is_keyword(self, lemma: str) -> bool:
        if ":" not in lemma and _eligible(lemma):
            return True
        return lemma in self.colon_parts

    def before(self, start: int) -> list[str]:
        """The keywords of the word at `start` and of the PREFIX_WORDS keywords before it
        (found once per start: findings of several recognizers often share one)."""
        if start not in self._before:
            self._before[start] = self._split_before(start)
        return self._before[start]

    def _split_before(self, start: int) -> list[str]:
        text, back = self.text, LOOK_BACK
        end = _chunk_end(text, start)
        while True:
            first = _chunk_start(text, max(0, start - back))
            starts, texts = words(text[first:end])
            ends = [first + s + len(t) for s, t in zip(starts, texts, strict=True)]
            i = bisect.bisect_right(ends, start)  # the first word ending after `start`
            if i == len(ends):
                return []
            out: list[str] = []
            while i >= 0 and len(out) <= PREFIX_WORDS:
                lemma = texts[i].lower()
                if self.is_keyword(lemma):
                    out.append(lemma)
                i -= 1
            if len(out) > PREFIX_WORDS or first == 0:
                return out
            back *= 4


def _chunk_start(text: str, at: int) -> int:
    """The start of the blank-separated chunk before `at` (0 at the text's start)."""
    while at > 0 and text[at - 1].isspace():
        at -= 1
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def _chunk_end(text: str, at: int) -> int:
    """The end of the chunk at or after `at` (blanks first skipped)."""
    n = len(text)
    while at < n and text[at].isspace():
        at += 1
    while at < n and not text[at].isspace():
        at += 1
    return at


def supported(context: list[str], keywords: list[str]) -> bool:
    """Whether one of a recognizer's context words is part of one of `keywords`."""
    return any(word.lower() in keyword for word in context for keyword in keywords)


def boosted(score: float) -> float:
    return min(max(score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT), MAX_SCORE)
