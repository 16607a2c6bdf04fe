"""Open-set recognition: is a document far from every class the model knows?

The score is the energy of the lexical model, logsumexp of its logits (TF-IDF over the whole
text, logistic regression): a document whose words and headings match no class the model was
trained on gets low logits for every class, so a low logsumexp. Gibberish has no known word at
all and gets only the intercepts. The encoder's logits were measured too and separate unseen
kinds worse (benchmarks/open_set_eval.py); the model's ONNX graph exposes no embedding.

A model directory may hold `open_set.json` (listed in its manifest, so verified at load):
`{"score": "lexical_energy", "threshold": T, ...}`. A document scoring below T is
"far from every class": the classifier says why in `Classification.open_set` and the decide
stage holds it for review (rule OPEN_SET_RULE). Its label, domain and confidence stay those of
the nearest class, so it keeps that class's sensitivity; a `block` rule still stands.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier.errors import ModelError

OPEN_SET_FILE = "open_set.json"
LEXICAL_ENERGY = "lexical_energy"
OPEN_SET_RULE = "open-set:far-from-every-class"
IN_SCOPE_PERCENTILE = 2.0  # of in-scope held-out documents sent to review by the rule


def energy(logits: np.ndarray) -> np.ndarray:
    """logsumexp over the last axis: high when some class fits, low when none does."""
    top = logits.max(axis=-1)
    result: np.ndarray = top + np.log(np.exp(logits - top[..., None]).sum(axis=-1))
    return result


@dataclass(frozen=True)
class OpenSet:
    score: str
    threshold: float

    @classmethod
    def load(cls, model_dir: Path, manifest: dict[str, Any]) -> OpenSet | None:
        """The model's open-set rule, or None when it ships none. The file must be one the
        manifest covers (verify_model_dir has checked its sha256)."""
        if OPEN_SET_FILE not in manifest["files"]:
            return None
        try:
            data = json.loads((model_dir / OPEN_SET_FILE).read_text(encoding="utf-8"))
            score, threshold = str(data["score"]), float(data["threshold"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"{model_dir.name}: unreadable {OPEN_SET_FILE} ({exc})") from None
        if score != LEXICAL_ENERGY:
            raise ModelError(f"{model_dir.name}: unknown open-set score {score!r}")
        return cls(score, threshold)

    @classmethod
    def fit(cls, in_scope_scores: np.ndarray) -> OpenSet:
        """The threshold under which IN_SCOPE_PERCENTILE % of in-scope calibration documents
        score (benchmarks/open_set_eval.py measures what it catches on the reporting slice)."""
        threshold = float(np.percentile(in_scope_scores, IN_SCOPE_PERCENTILE))
        return cls(LEXICAL_ENERGY, round(threshold, 4))

    def save(self, model_dir: Path, documents: int, slice_name: str = "calibration") -> None:
        data = {
            "score": self.score,
            "threshold": self.threshold,
            "chosen_by": f"{IN_SCOPE_PERCENTILE} percentile of the score over {documents}"
            f" in-scope {slice_name} documents, out of the lexical model's training",
            "measured_by": "benchmarks/open_set_eval.py",
        }
        (model_dir / OPEN_SET_FILE).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    def reason(self, score: float, nearest: str) -> dict[str, Any] | None:
        """Why the document is far from every class, or None when it is not."""
        if score >= self.threshold:
            return None
        return {
            "score": round(score, 4),
            "threshold": self.threshold,
            "method": self.score,
            "nearest": nearest,
            "rule": OPEN_SET_RULE,
        }
