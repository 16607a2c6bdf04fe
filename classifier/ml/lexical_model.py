"""The lexical half of the classifier: TF-IDF over words, word pairs and section headings with
a multinomial logistic regression, run in numpy (trained with scikit-learn, `[train]` only).

The transformer reads the first window of a document; this model reads its whole text (up to
LEXICAL_CHARS) and, through the `zzh_` heading tokens, which sections it has (HOSPITAL COURSE,
SUBJECTIVE, CHIEF COMPLAINT...). It reproduces scikit-learn's TfidfVectorizer(sublinear_tf,
smooth idf, l2 norm, ngram_range=(1, 2)) exactly, so the arrays exported after fitting give the
same probabilities here.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np

LEXICAL_CHARS = 20_000
TOKEN = re.compile(r"(?u)\b\w\w+\b")
HEADING = re.compile(r"(?m)^[ \t]*([A-Z][A-Z ,/&()\-]{2,40}):")
VOCAB_FILE = "lexical_vocab.json"
WEIGHTS_FILE = "lexical_weights.npz"


def with_heading_tokens(text: str) -> str:
    """The text cut to LEXICAL_CHARS plus one `zzh_...` token per section heading."""
    text = text[:LEXICAL_CHARS]
    headings = [
        "zzh_" + re.sub(r"[^A-Za-z]+", "_", h.strip()).lower() for h in HEADING.findall(text)
    ]
    return text + "\n" + " ".join(headings)


def analyze(text: str) -> list[str]:
    """scikit-learn's word analyzer with ngram_range=(1, 2)."""
    tokens = TOKEN.findall(text.lower())
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


class LexicalModel:
    def __init__(
        self, vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray
    ):
        self.vocabulary, self.idf = vocabulary, idf
        self.coef, self.intercept = coef.astype(np.float32), intercept.astype(np.float32)

    @classmethod
    def load(cls, model_dir: Path) -> LexicalModel:
        vocabulary = json.loads((model_dir / VOCAB_FILE).read_text(encoding="utf-8"))
        arrays = np.load(model_dir / WEIGHTS_FILE)
        return cls(vocabulary, arrays["idf"], arrays["coef"], arrays["intercept"])

    def save(self, model_dir: Path) -> None:
        (model_dir / VOCAB_FILE).write_text(json.dumps(self.vocabulary), encoding="utf-8")
        np.savez_compressed(
            model_dir / WEIGHTS_FILE,
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float16),
            intercept=self.intercept,
        )

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The L2-normalised TF-IDF vector of `text`: (vocabulary indices, values)."""
        counts = Counter(
            i
            for t in analyze(with_heading_tokens(text))
            if (i := self.vocabulary.get(t)) is not None
        )
        index = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(
            (1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts)
        )
        values = tf * self.idf[index]
        norm = float(np.linalg.norm(values))
        return index, values / norm if norm else values

    def logits(self, texts: list[str]) -> np.ndarray:
        out = np.tile(self.intercept, (len(texts), 1)).astype(np.float32)
        for row, text in enumerate(texts):
            index, values = self.features(text)
            if len(index):
                out[row] += values @ self.coef[:, index].T
        return out
