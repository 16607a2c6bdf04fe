"""The PHI tagger: a token-classification encoder (trained by `classifier train-tagger`) run on
ONNX Runtime, reading the whole text in overlapping windows.

Each token gets probabilities over the types and O (outside); the tokens of one word share
their summed probabilities. A word is personal data when the types together outweigh O (so
a name the model hesitates between PERSON and LOCATION on is still found), and gets the most
likely type; its score is the probability mass of the types. Next to such a word, across
blanks, a word whose mass is above JOIN_THRESHOLD joins it with its type (hysteresis: the rest
of a name or place the model is surer of one word of, "San [Diego]"; on the PhysioNet check
half, 0.35 against none: recall 0.886 -> 0.890, precision 0.799 -> 0.790, synthetic recall
0.949 -> 0.957). Consecutive words of one type
separated only by blanks become one span, scored by the mean of its words' scores; punctuation
glued to its ends is trimmed. The model directory is verified against its manifest like the
classifier's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.errors import ModelError
from classifier.ml.text_classifier import onnx_session, softmax, verify_model_dir

KIND = "phi-tagger"
OUTSIDE = "O"
OVERLAP = 32  # tokens of context on each side of a window's middle part
MAX_WINDOWS_PER_RUN = 4  # CPU -12% against 1 at 2 threads; 16 costs 4.6x the memory (docs)
STRONG = 0.5  # a word is personal data on its own when the types outweigh O
JOIN_THRESHOLD = 0.35  # ... and next to such a word above this (see _hysteresis)
# ONNX Runtime's worker threads sleep between operators instead of spinning: the same
# probabilities, and on a busy 2-core machine (load 6) 185 ms a page instead of 393
# (docs/detection.md)
SPINNING = False


def token_windows(n_tokens: int, window: int) -> list[tuple[int, int, int, int]]:
    """(start, end, keep_from, keep_to): each token is kept from the one window where it has
    at least OVERLAP tokens of context on both sides (or is at the text's edge)."""
    if n_tokens <= window:
        return [(0, n_tokens, 0, n_tokens)]
    overlap = min(OVERLAP, window // 4)  # small windows (tiny test models) still advance
    step = window - 2 * overlap
    out = []
    start = 0
    while True:
        end = min(start + window, n_tokens)
        keep_from = 0 if start == 0 else start + overlap
        keep_to = n_tokens if end == n_tokens else end - overlap
        out.append((start, end, keep_from, keep_to))
        if end == n_tokens:
            return out
        start += step


@dataclass(frozen=True)
class TaggedSpan:
    start: int
    end: int
    entity_type: str
    score: float


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    probs: np.ndarray  # summed over the word's tokens


class PhiTagger:
    def __init__(
        self,
        model_dir: str | Path,
        threads: int = 0,
        join_threshold: float = JOIN_THRESHOLD,
        windows_per_run: int = MAX_WINDOWS_PER_RUN,
    ):
        from tokenizers import Tokenizer

        self.join_threshold = join_threshold
        self.windows_per_run = max(1, windows_per_run)

        self.model_dir = Path(model_dir)
        self.manifest: dict[str, Any] = verify_model_dir(self.model_dir)
        if self.manifest.get("kind") != KIND:
            raise ModelError(f"{self.model_dir.name}: not a PHI tagger (kind {KIND!r})")
        self.labels = [lab["name"] for lab in self.manifest["labels"]]
        self.types = [lab for lab in self.labels if lab != OUTSIDE]
        self.outside = self.labels.index(OUTSIDE)
        self.is_type = np.array([lab != OUTSIDE for lab in self.labels])
        self.version = f"{self.manifest['name']}-{self.manifest['version']}"
        self.window = int(self.manifest["max_length"]) - 2  # [CLS] ... [SEP]
        self.tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls = self.tokenizer.token_to_id("[CLS]")
        self.sep = self.tokenizer.token_to_id("[SEP]")
        self.session = onnx_session(self.model_dir / "model.onnx", threads, spinning=SPINNING)
        self.input_names = {i.name for i in self.session.get_inputs()}

    def token_probs(self, ids: list[int]) -> np.ndarray:
        """Probabilities (tokens x labels) for the whole token sequence: its windows go through
        the model up to `windows_per_run` at a time, windows of one width together (all but
        the last are full), so no run pads a window."""
        probs = np.zeros((len(ids), len(self.labels)), dtype=np.float32)
        by_width: dict[int, list[tuple[int, int, int, int]]] = {}
        for w in token_windows(len(ids), self.window):
            by_width.setdefault(w[1] - w[0], []).append(w)
        for windows in by_width.values():
            for i in range(0, len(windows), self.windows_per_run):
                part = windows[i : i + self.windows_per_run]
                logits = self._logits([[self.cls, *ids[a:b], self.sep] for a, b, _, _ in part])
                for row, (start, _, keep_from, keep_to) in enumerate(part):
                    a, b = keep_from - start + 1, keep_to - start + 1
                    probs[keep_from:keep_to] = softmax(logits[row, a:b])
        return probs

    def _logits(self, rows: list[list[int]]) -> np.ndarray:
        """One ONNX run over token rows of one length."""
        input_ids = np.array(rows, dtype=np.int64)
        feeds = {
            "input_ids": input_ids,
            "attention_mask": np.ones_like(input_ids),
            "token_type_ids": np.zeros_like(input_ids),
        }
        feeds = {k: v for k, v in feeds.items() if k in self.input_names}
        logits: np.ndarray = self.session.run(None, feeds)[0]
        return logits

    @staticmethod
    def _word_arrays(
        text: str, offsets: list[tuple[int, int]], probs: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Tokens grouped into words (see `_words`), as arrays: each word's start, end and
        probabilities summed over its tokens, in order (array operations, not a token loop)."""
        spans = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
        kept = spans[:, 1] > spans[:, 0]
        spans, probs = spans[kept], probs[kept]
        if not len(spans):
            return spans[:, 0], spans[:, 1], probs
        alnum = np.fromiter(
            (_has_alnum(text[s:e]) for s, e in spans.tolist()), dtype=bool, count=len(spans)
        )
        piece = np.zeros(len(spans), dtype=bool)  # a word piece glued to the token before it
        piece[1:] = alnum[:-1] & alnum[1:] & (spans[:-1, 1] == spans[1:, 0])
        first = np.flatnonzero(~piece)
        last = np.append(first[1:], len(spans)) - 1
        return spans[first, 0], spans[last, 1], _piecewise_sums(probs, first, last - first + 1)

    @classmethod
    def _words(cls, text: str, offsets: list[tuple[int, int]], probs: np.ndarray) -> list[_Word]:
        """Tokens grouped into words: pieces that touch, but punctuation is a word of its own,
        so "SISTER,CARROLL" is three words and "Murphy-" two."""
        starts, ends, summed = cls._word_arrays(text, offsets, probs)
        return [
            _Word(s, e, p) for s, e, p in zip(starts.tolist(), ends.tolist(), summed, strict=True)
        ]

    def tag(self, text: str) -> list[TaggedSpan]:
        """The spans of personal data in `text` (the model runs once over it)."""
        return self.spans(text, self.word_scores(text))

    def spans(self, text: str, words: list[TaggedSpan]) -> list[TaggedSpan]:
        """The spans of personal data in `text` from its `words` (`word_scores(text)`), without
        running the model again: a caller that needs both computes the scores once."""
        if not text.strip():
            return []
        kept = _hysteresis(text, words, self.join_threshold)
        spans: list[TaggedSpan] = []
        scores: list[list[float]] = []
        previous = -2
        for i, word in kept:
            last = spans[-1] if spans else None
            if (
                last
                and previous == i - 1
                and last.entity_type == word.entity_type
                and _joinable(text[last.end : word.start])
            ):
                spans[-1] = TaggedSpan(last.start, word.end, last.entity_type, 0.0)
                scores[-1].append(word.score)
            else:
                spans.append(TaggedSpan(word.start, word.end, word.entity_type, 0.0))
                scores.append([word.score])
            previous = i
        out = []
        for s, sc in zip(spans, scores, strict=True):
            start, end = _trimmed(text, s.start, s.end)
            if start < end:
                out.append(TaggedSpan(start, end, s.entity_type, float(np.mean(sc))))
        return out

    @functools.cached_property
    def whole_words(self) -> frozenset[str]:
        """The whole words of the tokenizer's vocabulary: the ordinary words it knows."""
        return frozenset(w for w in self.tokenizer.get_vocab() if not w.startswith("##"))

    def word_scores(self, text: str) -> list[TaggedSpan]:
        """Every word of `text`, with its most likely type and the probability mass of all
        types, computed from `text` on every call (nothing is kept between calls)."""
        encoding = self.tokenizer.encode(text, add_special_tokens=False)
        if not encoding.ids:
            return []
        words = self._word_arrays(text, encoding.offsets, self.token_probs(encoding.ids))
        return self._scored(*words)

    def _scored(self, starts: np.ndarray, ends: np.ndarray, probs: np.ndarray) -> list[TaggedSpan]:
        """The words with their most likely type and the probability mass of all types (all
        words at once: the arithmetic of one word at a time, without its per-word cost)."""
        if not len(starts):
            return []
        p = probs / probs.sum(axis=1, keepdims=True)
        best = np.argmax(np.where(self.is_type, p, -1.0), axis=1).tolist()
        masses = (1.0 - p[:, self.outside].astype(np.float64)).tolist()
        return [
            TaggedSpan(s, e, self.labels[b], m)
            for s, e, b, m in zip(starts.tolist(), ends.tolist(), best, masses, strict=True)
        ]


def _hysteresis(
    text: str, words: list[TaggedSpan], join_threshold: float
) -> list[tuple[int, TaggedSpan]]:
    """The words that are personal data, with their index: those the types outweigh O in
    (score above STRONG), and next to them, across blanks, words scoring above
    `join_threshold`, which take their neighbour's type (the rest of a name or place the model
    is surer of one word of: "San [Diego]")."""
    kept = {i: w for i, w in enumerate(words) if w.score > STRONG}
    for seed in sorted(kept):
        for step in (-1, 1):
            i = seed + step
            while 0 <= i < len(words) and i not in kept and words[i].score > join_threshold:
                left, right = (words[i - 1], words[i]) if step == 1 else (words[i], words[i + 1])
                if not _joinable(text[left.end : right.start]):
                    break
                w = words[i]
                kept[i] = TaggedSpan(w.start, w.end, kept[seed].entity_type, w.score)
                i += step
    return sorted(kept.items())


def _piecewise_sums(probs: np.ndarray, first: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The sum of each word's token rows, added left to right as one word at a time would
    (the same float32 bits; np.add.reduceat adds in another order)."""
    sums = probs[first].copy()
    for k in range(1, int(lengths.max(initial=1))):
        longer = lengths > k
        sums[longer] += probs[first[longer] + k]
    return sums


def _has_alnum(token: str) -> bool:
    return token.isalnum() or any(c.isalnum() for c in token)


def _joinable(gap: str) -> bool:
    """Words of one type are one span across blanks (a line break included) only, and not
    across a tab or a run of blanks: a form's or a table's field separator ("Sorensen   Hospice
    ID", "Luc\tAHCIP"; no gold span of the PhysioNet notes holds one)."""
    return gap.strip() == "" and gap.count("\n") <= 1 and "\t" not in gap and "  " not in gap


EDGE_PUNCTUATION = " \t\n.,;:()[]{}\"'"


PAIRS = {"(": ")", "[": "]", "{": "}"}


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Without punctuation glued to the first or last word ("(Marcela", "8/28.", "LYONS,"); an
    opening bracket closed inside the span stays ("(617) 555-0142")."""
    while start < end and text[start] in EDGE_PUNCTUATION:
        closer = PAIRS.get(text[start])
        if closer and closer in text[start:end]:
            break
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCTUATION:
        opener = next((o for o, c in PAIRS.items() if c == text[end - 1]), None)
        if opener and opener in text[start:end]:
            break
        end -= 1
    return start, end
