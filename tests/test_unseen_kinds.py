"""Kinds of document the model never saw go to review or out_of_scope through the real model
(the energy rule of classifier/ml/open_set.py, the minimum-evidence rule of
classifier/ml/evidence.py), and in-scope documents are still released."""

from __future__ import annotations

import numpy as np
import pytest

from classifier.audit.log import read_records
from classifier.document import Result
from classifier.ml.evidence import (
    EVIDENCE_RULE,
    evidence_reason,
    fit_min_known_words,
    known_words,
)
from classifier.ml.open_set import OPEN_SET_RULE, upper_bound
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.pipeline import Pipeline
from classifier.policy.rules import load_policy
from classifier.policy.words import rule_in_words
from classifier.settings import DEFAULTS, ROOT
from classifier.stages.decide import decide
from tests.conftest import DEFAULT_POLICY
from tests.documents import (
    CLINICAL_NOTE,
    CONTRACT,
    GIBBERISH,
    NEWS,
    ONE_LINER,
    RECEIPT,
    RECIPE,
    SOURCE_CODE,
)


def _decided(model: TextClassifier, text: str):  # type: ignore[no-untyped-def]
    classification = model.classify(text)
    return classification, decide(load_policy(DEFAULT_POLICY), classification, text, [])


@pytest.mark.parametrize(
    ("text", "rule"),
    [(GIBBERISH, OPEN_SET_RULE), (RECIPE, OPEN_SET_RULE), (SOURCE_CODE, OPEN_SET_RULE),
     (ONE_LINER, EVIDENCE_RULE), ("", OPEN_SET_RULE), ("Thanks!", "out-of-scope-review")],
    ids=["gibberish", "recipe", "code", "one-line", "empty", "one-word"],
)  # fmt: skip
def test_unseen_kinds_go_to_review(model: TextClassifier, text: str, rule: str) -> None:
    classification, decision = _decided(model, text)
    assert decision.action == "review" or classification.label == "out_of_scope"
    assert rule in decision.rule_ids


@pytest.mark.parametrize(
    ("text", "label"),
    [(CLINICAL_NOTE, "operative_report"), (CONTRACT, "contract"), (NEWS, "news_wire"),
     (RECEIPT, "receipt")],
)  # fmt: skip
def test_in_scope_documents_are_still_released(
    model: TextClassifier, text: str, label: str
) -> None:
    classification, decision = _decided(model, text)
    assert (classification.label, classification.open_set) == (label, None)
    assert decision.action == "redact"


def test_the_one_liner_is_released_without_the_evidence_rule() -> None:
    bare = TextClassifier(resolve_model_dir(ROOT / "models"), threads=1, min_known_words=0)
    result = bare.classify(ONE_LINER)
    assert (result.label, result.open_set) == ("news_wire", None)
    assert result.confidence > 0.9  # what the rule is for: confident on a line of words


def test_the_evidence_reason_is_numbers_only(model: TextClassifier) -> None:
    classification, decision = _decided(model, ONE_LINER)
    reason = classification.open_set
    assert reason == {
        "score": known_words(model.lexical.vocabulary, ONE_LINER),  # type: ignore[union-attr]
        "threshold": DEFAULTS["min_known_words"],
        "method": "known_words",
        "nearest": "news_wire",
        "rule": EVIDENCE_RULE,
    }
    (why,) = [r for r in decision.reasons if r.startswith("open set:")]
    assert "too little to classify" in why and "revenue" not in " ".join(decision.reasons)
    words = rule_in_words(load_policy(DEFAULT_POLICY), EVIDENCE_RULE)
    assert words == "the document has too few known words to classify"


def test_the_pipeline_reviews_a_one_liner_and_audits_the_rule(pipeline: Pipeline) -> None:
    result = pipeline.process_text(ONE_LINER, doc_id="one-liner-1")
    assert isinstance(result, Result)
    assert result.action == "review" and EVIDENCE_RULE in result.rule_ids
    (record,) = [
        r for r in read_records(pipeline.audit.directory) if r["event"] == "document.processed"
    ]
    assert EVIDENCE_RULE in record["rule_ids"]
    raw = "".join(p.read_text() for p in pipeline.audit.directory.rglob("*") if p.is_file())
    assert "revenue" not in raw.lower()


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("the the THE", 1), ("qwxz plorf", 0), ("The patient was seen.", 4)],
)  # fmt: skip
def test_known_words_are_distinct_words_of_the_vocabulary(text: str, count: int) -> None:
    vocabulary = {"the": 0, "patient": 1, "was": 2, "seen": 3, "the patient": 4}
    assert known_words(vocabulary, text) == count
    assert known_words(vocabulary, text, enough=2) == min(count, 2)  # stops at enough


def test_the_minimum_spends_only_what_the_budget_leaves() -> None:
    counts = np.arange(100, 500)  # 400 in-scope documents with 100..499 known words
    none_flagged = np.zeros(400, dtype=bool)
    minimum = fit_min_known_words(counts, none_flagged)
    held = int((counts < minimum).sum())
    assert held > 0 and upper_bound(held, 400) <= 0.03 < upper_bound(held + 1, 400)
    spent = none_flagged.copy()
    spent[counts >= 480] = True  # 20 already sent to review: nothing left to spend
    assert fit_min_known_words(counts, spent) == 100  # under the fewest only
    assert evidence_reason(99, 100, "receipt") is not None
    assert evidence_reason(100, 100, "receipt") is None
