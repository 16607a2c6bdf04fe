"""Context words, as Presidio's LemmaContextAwareEnhancer uses them with our NLP engine
(nlp_engine.TokenizerNlpEngine: a lemma is the lower-case word): a finding whose recognizer
lists context words gains CONTEXT_BOOST (at least MIN_SCORE_WITH_CONTEXT) when one of them is
part of one of the PREFIX_WORDS keywords before it (its own first word counted). A keyword is
a word that is neither a stop word nor punctuation, split at ':' as Presidio splits them."""

from __future__ import annotations

import bisect

from classifier.detection.words import is_punct, is_stop, words

# Presidio's LemmaContextAwareEnhancer defaults, as AnalyzerEngine builds it
CONTEXT_BOOST = 0.35
MIN_SCORE_WITH_CONTEXT = 0.4
PREFIX_WORDS = 5
MAX_SCORE = 1.0
NOT_KEYWORDS = frozenset({"-PRON-", "be"})


class ContextWords:
    """The words of one text, for the context of the findings in it."""

    def __init__(self, text: str):
        starts, texts = words(text)
        self.lemmas = [t.lower() for t in texts]
        self.ends = [s + len(t) for s, t in zip(starts, texts, strict=True)]
        self.keywords = frozenset(
            part
            for lemma in self.lemmas
            if not is_stop(lemma) and not is_punct(lemma) and lemma not in NOT_KEYWORDS
            for part in lemma.split(":")
        )

    def before(self, start: int) -> list[str]:
        """The keywords of the word at `start` and of the PREFIX_WORDS keywords before it."""
        i = bisect.bisect_right(self.ends, start)  # the first word ending after `start`
        if i == len(self.ends):
            return []
        out: list[str] = []
        while i >= 0 and len(out) <= PREFIX_WORDS:
            if self.lemmas[i] in self.keywords:
                out.append(self.lemmas[i])
            i -= 1
        return out


def supported(context: list[str], keywords: list[str]) -> bool:
    """Whether one of a recognizer's context words is part of one of `keywords`."""
    return any(word.lower() in keyword for word in context for keyword in keywords)


def boosted(score: float) -> float:
    return min(max(score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT), MAX_SCORE)
