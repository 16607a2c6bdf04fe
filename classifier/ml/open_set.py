"""Open-set recognition: is a document far from every class the model knows?

The score is the energy of the lexical model, logsumexp of its logits (TF-IDF over the whole
text, logistic regression): a document whose words and headings match no class the model was
trained on gets low logits for every class, so a low logsumexp. Gibberish has no known word at
all and gets only the intercepts. The encoder's logits were measured too and separate unseen
kinds worse (benchmarks/open_set_eval.py).

A model directory may hold `open_set.json` (listed in its manifest, so verified at load):
`{"score": "lexical_energy", "threshold": T, ...}` (the energy itself), or, since
minilm-docclass-7, `{"score": "lexical_energy_by_class", "threshold": T, "offsets": {...}}`:
the energy less the mean energy of held-out in-scope documents nearest the same label, so a
document is compared with its own kind (contracts score high, short notes low). The threshold
is the highest that keeps the review share of in-scope calibration documents within
REVIEW_BUDGET at its 95% upper bound. A document scoring below T is "far from every class": the
classifier says why in `Classification.open_set` and the decide stage holds it for review (rule
OPEN_SET_RULE). Its label, domain and confidence stay those of the nearest class, so it keeps
that class's sensitivity; a `block` rule still stands.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from classifier.errors import ModelError

OPEN_SET_FILE = "open_set.json"
LEXICAL_ENERGY = "lexical_energy"
BY_CLASS = "lexical_energy_by_class"
MIN_CLASS_DOCUMENTS = 8  # a label's own offset needs this many held-out documents nearest it
OPEN_SET_RULE = "open-set:far-from-every-class"
REVIEW_BUDGET = 0.03  # share of in-scope documents the rule may send to review (issue 17)
CONFIDENCE_Z = 1.645  # the budget holds at the one-sided 95% upper bound of the measured share


def energy(logits: np.ndarray) -> np.ndarray:
    """logsumexp over the last axis: high when some class fits, low when none does."""
    top = logits.max(axis=-1)
    result: np.ndarray = top + np.log(np.exp(logits - top[..., None]).sum(axis=-1))
    return result


def budget_threshold(scores: np.ndarray, already: int = 0) -> float:
    """The highest threshold under which the held-out in-scope `scores`, with `already` more
    documents sent to review anyway, keep the review share within REVIEW_BUDGET at its upper
    confidence bound."""
    ordered = np.sort(np.asarray(scores, dtype=np.float64))
    total = len(ordered) + already
    chosen = float(ordered[0]) if len(ordered) else 0.0
    for k in range(1, len(ordered)):  # threshold ordered[k]: the k documents under it are held
        if upper_bound(k + already, total) > REVIEW_BUDGET:
            break
        chosen = float(ordered[k])
    return math.floor(chosen * 1e4) / 1e4  # rounded down: no more documents under it


def upper_bound(k: int, n: int, z: float = CONFIDENCE_Z) -> float:
    """The Wilson score upper confidence bound of a share of k in n."""
    if n <= 0:
        return 1.0
    p, z2 = k / n, z * z
    centre = p + z2 / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (centre + spread) / (1 + z2 / n)


def class_offsets(scores: np.ndarray, nearest: np.ndarray, labels: list[str]) -> dict[str, float]:
    """The mean score of the in-scope held-out documents nearest each label (labels with fewer
    than MIN_CLASS_DOCUMENTS of them get the mean over all, under the key "*")."""
    overall = float(np.mean(scores)) if len(scores) else 0.0
    offsets = {"*": round(overall, 4)}
    for label in labels:
        mine = scores[nearest == label]
        if len(mine) >= MIN_CLASS_DOCUMENTS:
            offsets[label] = round(float(mine.mean()), 4)
    return offsets


@dataclass(frozen=True)
class OpenSet:
    score: str
    threshold: float
    offsets: dict[str, float] = field(default_factory=dict)  # by label (lexical_energy_by_class)

    @classmethod
    def load(cls, model_dir: Path, manifest: dict[str, Any]) -> OpenSet | None:
        """The model's open-set rule, or None when it ships none. The file must be one the
        manifest covers (verify_model_dir has checked its sha256)."""
        if OPEN_SET_FILE not in manifest["files"]:
            return None
        try:
            data = json.loads((model_dir / OPEN_SET_FILE).read_text(encoding="utf-8"))
            score, threshold = str(data["score"]), float(data["threshold"])
            offsets = {str(k): float(v) for k, v in data.get("offsets", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{model_dir.name}: unreadable {OPEN_SET_FILE} ({exc})") from None
        if score not in (LEXICAL_ENERGY, BY_CLASS):
            raise ModelError(f"{model_dir.name}: unknown open-set score {score!r}")
        if score == BY_CLASS and "*" not in offsets:
            raise ModelError(f"{model_dir.name}: {OPEN_SET_FILE} has no offsets")
        return cls(score, threshold, offsets)

    def scores(self, lexical_logits: np.ndarray, labels: list[str]) -> np.ndarray:
        """The open-set score of each document from the lexical model's logits (columns in
        `labels` order): its energy, less, by class, the mean energy of in-scope documents
        nearest the same label (a contract is compared with contracts, a note with notes)."""
        scores = energy(lexical_logits)
        if self.score != BY_CLASS:
            return scores
        nearest = lexical_logits.argmax(axis=-1)
        shift = np.array([self.offsets.get(lab, self.offsets["*"]) for lab in labels])
        result: np.ndarray = scores - shift[nearest]
        return result

    @classmethod
    def fit(
        cls, lexical_logits: np.ndarray, labels: list[str], flagged: np.ndarray | None = None
    ) -> OpenSet:
        """The rule from the lexical logits of in-scope held-out documents (the calibration
        slice, which that lexical model did not train on): per-label offsets, then the highest
        threshold at which the share of those documents sent to review (scoring under it, or
        `flagged` for another reason, e.g. predicted out_of_scope) stays within REVIEW_BUDGET
        at its 95% upper confidence bound (Wilson), a budget a few hundred documents can vouch
        for. benchmarks/open_set_eval.py measures what it catches."""
        nearest = np.array(labels)[lexical_logits.argmax(axis=-1)]
        rule = cls(BY_CLASS, 0.0, class_offsets(energy(lexical_logits), nearest, labels))
        scores = rule.scores(lexical_logits, labels)
        flagged = np.zeros(len(scores), dtype=bool) if flagged is None else flagged
        return dataclasses.replace(
            rule, threshold=budget_threshold(scores[~flagged], int(flagged.sum()))
        )

    def save(self, model_dir: Path, documents: int, slice_name: str = "calibration") -> None:
        data = {
            "score": self.score,
            "threshold": self.threshold,
            "offsets": self.offsets,
            "chosen_by": f"offsets: mean energy by nearest label, threshold: the highest whose"
            f" review share over {documents} in-scope {slice_name} documents, out of the lexical"
            f" model's training, stays within {REVIEW_BUDGET:.0%} at its 95% upper bound",
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
