"""Open-set recognition with the real shipped model: a document far from every class is held
for review, with the reason in the result and the rule in the audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifier.audit.log import read_records
from classifier.document import Result
from classifier.errors import ModelError
from classifier.ml.open_set import OPEN_SET_FILE, OPEN_SET_RULE
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.pipeline import Pipeline
from classifier.policy.rules import load_policy
from classifier.settings import ROOT
from classifier.stages.decide import decide
from tests.conftest import DEFAULT_POLICY
from tests.documents import CLINICAL_NOTE, CONTRACT, GIBBERISH, RECIPE


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(resolve_model_dir(ROOT / "models"), target)
    return target


@pytest.mark.parametrize("text", [GIBBERISH, RECIPE], ids=["gibberish", "recipe"])
def test_unseen_kinds_carry_the_reason(model: TextClassifier, text: str) -> None:
    result = model.classify(text)
    reason = result.open_set
    assert reason is not None
    assert reason["score"] < reason["threshold"] == model.open_set.threshold  # type: ignore[union-attr]
    assert reason["rule"] == OPEN_SET_RULE
    assert reason["nearest"] == result.label != "out_of_scope"


@pytest.mark.parametrize(
    ("text", "label"), [(CLINICAL_NOTE, "operative_report"), (CONTRACT, "contract")]
)
def test_in_scope_documents_classify_as_before(
    model: TextClassifier, text: str, label: str
) -> None:
    result = model.classify(text)
    assert (result.label, result.open_set) == (label, None)
    assert result.confidence >= 0.5


def test_without_the_open_set_file_the_labels_are_the_old_ones(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    manifest = json.loads((target / "manifest.json").read_text())
    del manifest["files"][OPEN_SET_FILE]
    (target / "manifest.json").write_text(json.dumps(manifest))
    (target / OPEN_SET_FILE).unlink()
    bare = TextClassifier(target, min_known_words=0)
    assert bare.open_set is None
    assert bare.classify(GIBBERISH).open_set is None
    held = TextClassifier(target).classify(GIBBERISH).open_set  # no known word: too little
    assert held is not None and held["rule"] == "open-set:too-little-evidence"


def test_a_tampered_open_set_file_is_refused(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    data = json.loads((target / OPEN_SET_FILE).read_text())
    data["threshold"] = -100.0
    (target / OPEN_SET_FILE).write_text(json.dumps(data))
    with pytest.raises(ModelError, match="does not match"):
        TextClassifier(target)


def test_the_pipeline_reviews_it_and_audits_the_rule(pipeline: Pipeline) -> None:
    result = pipeline.process_text(RECIPE, doc_id="recipe-1")
    assert isinstance(result, Result)
    assert result.action == "review"
    assert OPEN_SET_RULE in result.rule_ids
    assert result.as_dict()["open_set"]["nearest"]
    records = read_records(pipeline.audit.directory)
    (record,) = [r for r in records if r["event"] == "document.processed"]
    assert OPEN_SET_RULE in record["rule_ids"]
    raw = "".join(p.read_text() for p in pipeline.audit.directory.rglob("*") if p.is_file())
    assert "banana" not in raw.lower()


def test_the_decision_says_why_in_numbers_only(model: TextClassifier) -> None:
    decision = decide(load_policy(DEFAULT_POLICY), model.classify(GIBBERISH), GIBBERISH, [])
    assert decision.action == "review"
    assert decision.rule_ids[:2] == ("finance-confidential", OPEN_SET_RULE)  # nearest: news_wire
    assert decision.sensitivity == "confidential"  # the nearest class's, never lowered
    (why,) = [r for r in decision.reasons if r.startswith("open set:")]
    assert "lexical_energy" in why and "-> review" in why
    assert "qwxz" not in " ".join(decision.reasons)


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "unreadable"), ('{"score": "lexical_energy"}', "unreadable"),
     ('{"score": "vibes", "threshold": 1}', "unknown open-set score"),
     ('{"score": "lexical_energy_by_class", "threshold": 1}', "no offsets"),
     ('{"score": "lexical_energy_by_class", "threshold": 1, "offsets": [1]}', "unreadable")],
)  # fmt: skip
def test_a_bad_open_set_file_is_refused_even_when_the_manifest_covers_it(
    tmp_path: Path, content: str, message: str
) -> None:
    from classifier.ml.text_classifier import file_sha256

    target = _copy(tmp_path)
    (target / OPEN_SET_FILE).write_text(content)
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["files"][OPEN_SET_FILE] = file_sha256(target / OPEN_SET_FILE)
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=message):
        TextClassifier(target)


def test_the_threshold_keeps_the_review_share_within_budget_at_its_upper_bound() -> None:
    from classifier.ml.open_set import REVIEW_BUDGET, budget_threshold, upper_bound

    scores = np.linspace(0.0, 10.0, 400)
    threshold = budget_threshold(scores)
    held = int((scores < threshold).sum())
    assert upper_bound(held, 400) <= REVIEW_BUDGET < upper_bound(held + 1, 400)
    assert 0 < held < REVIEW_BUDGET * 400  # the bound spends part of the budget on doubt
    assert budget_threshold(scores, already=held) <= scores[0] + 1e-9  # nothing left to spend
    assert upper_bound(0, 0) == 1.0


def test_each_label_is_compared_with_its_own_documents() -> None:
    from classifier.ml.open_set import BY_CLASS, MIN_CLASS_DOCUMENTS, OpenSet

    labels = ["contract", "news_wire", "receipt"]
    rng = np.random.default_rng(3)
    n = 40
    logits = np.full((2 * n, 3), -5.0)
    logits[:n, 0] = rng.normal(12.0, 0.5, n)  # contracts: high energy
    logits[n:, 1] = rng.normal(4.0, 0.5, n)  # news: low energy
    rule = OpenSet.fit(logits, labels)
    assert rule.score == BY_CLASS and set(rule.offsets) == {"*", "contract", "news_wire"}
    assert rule.offsets["contract"] > rule.offsets["news_wire"] + 5
    assert len(labels) < MIN_CLASS_DOCUMENTS  # receipt has no documents: the overall mean
    odd = np.array([[7.0, -5.0, -5.0], [7.0, -5.0, 9.0]])  # a weak contract; a receipt
    scores = rule.scores(odd, labels)
    assert scores[0] < rule.threshold  # far below the contracts, above the news wires
    assert scores[1] == pytest.approx(float(np.log(np.exp(odd[1]).sum())) - rule.offsets["*"])
    assert ((rule.scores(logits, labels) < rule.threshold).mean()) <= 0.03
