"""The note-type head (classifier/ml/note_types.py): whole-document features that tell clinical
visit notes apart, on the real shipped model and fitted on small written examples."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from classifier.errors import ModelError
from classifier.ml.note_types import NOTE_TYPES_FILE, NoteTypeHead, count_features, reweigh
from classifier.ml.text_classifier import TextClassifier, file_sha256
from classifier.settings import ROOT
from classifier.training.corpus import Example
from classifier.training.note_types import (
    NOTE_TYPES,
    best_weight,
    feature_table,
    fit_note_types,
    with_weight,
)
from tests.documents import CONTRACT

EMERGENCY = """CHIEF COMPLAINT:  Fall.

HISTORY OF PRESENT ILLNESS:  A 71-year-old woman brought in by ambulance to the emergency
department after a fall at home.  She denies loss of consciousness.

PHYSICAL EXAMINATION:
VITAL SIGNS:  Blood pressure 141/80, pulse 88.
HEENT:  Small laceration over the left eyebrow.
EXTREMITIES:  Moves all extremities.

EMERGENCY DEPARTMENT COURSE:  The laceration was repaired in the ED.  CT of the head was normal.

DISPOSITION:  Discharged home with her daughter, to return to the ER if she has headache or
vomiting, and to follow up with her primary physician in one week.
"""

PROGRESS = """SUBJECTIVE:  He returns today for follow-up of his diabetes.  He is doing well and
feels better since his last visit.

OBJECTIVE:  Blood pressure 128/76.  Weight stable.  Feet without ulcers.

ASSESSMENT:  Type 2 diabetes, improving.

PLAN:  Continue metformin.  Recheck hemoglobin A1c in three months.  We will see him back in
the clinic in three months.
"""

CONSULT = """REASON FOR CONSULTATION:  Atrial fibrillation, requested by the admitting team.

HISTORY OF PRESENT ILLNESS:  Thank you for asking us to see this 64-year-old man, admitted
yesterday with pneumonia, who was found to be in atrial fibrillation.

PAST MEDICAL HISTORY:  Hypertension.
SOCIAL HISTORY:  Does not smoke.

IMPRESSION AND PLAN:  New atrial fibrillation in the setting of pneumonia.  We would recommend
rate control and anticoagulation; we will follow along.
"""

DISCHARGE = """ADMISSION DIAGNOSIS:  Cellulitis of the left leg.
DISCHARGE DIAGNOSIS:  Cellulitis of the left leg, resolved.

HOSPITAL COURSE:  The patient was admitted and treated with intravenous antibiotics; on hospital
day 3 the redness had receded.

DISCHARGE MEDICATIONS:  Cephalexin for seven more days.
DISCHARGE INSTRUCTIONS:  Keep the leg elevated.
"""

NOTES = {
    "emergency_report": EMERGENCY,
    "progress_note": PROGRESS,
    "consult_note": CONSULT,
    "discharge_summary": DISCHARGE,
}
LABELS = sorted([*NOTE_TYPES, "contract", "operative_report"])


def _examples() -> list[Example]:
    """Each written note a few times, with a line that makes each copy differ."""
    return [
        Example(f"{label}-{i}", f"{text}\nDictated {i} days ago.", label, "clinical")
        for label, text in NOTES.items()
        for i in range(4)
    ]


def test_every_feature_of_the_table_compiles_and_is_named_once() -> None:
    table = feature_table()
    names = [name for name, _ in table]
    assert len(names) == len(set(names)) >= 15
    assert all(re.compile(pattern) for _, pattern in table)


def test_the_features_read_the_whole_document() -> None:
    table = dict(feature_table())
    patterns = [re.compile(table["ed_heading"]), re.compile(table["soap_heading"])]
    late = (
        "HISTORY: a long history.\n" * 200 + EMERGENCY
    )  # the ED sections far past the first window
    (row,) = count_features(patterns, [late])
    assert row[0] > 0 and row[1] == 0
    assert count_features(patterns, [PROGRESS])[0][1] == pytest.approx(np.log1p(4))


def test_a_head_fitted_on_written_notes_tells_them_apart() -> None:
    head = fit_note_types(_examples(), LABELS)
    assert head is not None and head.labels == list(NOTE_TYPES)
    predicted = np.array(head.labels)[head.log_probs(list(NOTES.values())).argmax(axis=1)]
    assert list(predicted) == list(NOTES)
    explained = head.as_dict()
    (ed,) = [f for f in explained["features"] if f["name"] == "ed_course"]
    assert ed["weights"]["emergency_report"] > max(
        w for lab, w in ed["weights"].items() if lab != "emergency_report"
    )
    again = NoteTypeHead.from_dict(json.loads(json.dumps(explained)))
    assert np.allclose(again.log_probs([EMERGENCY]), head.log_probs([EMERGENCY]), atol=1e-4)


def test_without_two_note_types_there_is_no_head() -> None:
    only = [ex for ex in _examples() if ex.label == "progress_note"]
    assert fit_note_types(only, ["contract", "progress_note"]) is None


def test_it_only_moves_probability_among_its_note_types() -> None:
    rng = np.random.default_rng(7)
    fused = np.log(rng.dirichlet(np.ones(len(LABELS)), size=3))
    index = [LABELS.index(lab) for lab in NOTE_TYPES]
    head = np.log(rng.dirichlet(np.ones(len(index)), size=3))
    out = reweigh(fused, index, head, 0.8)
    others = [i for i in range(len(LABELS)) if i not in index]
    assert np.array_equal(out[:, others], fused[:, others])
    share = np.exp(fused[:, index]).sum(axis=1)
    assert np.allclose(np.exp(out[:, index]).sum(axis=1), share)
    assert np.allclose(reweigh(fused, index, head, 0.0), fused)


def test_the_weight_is_chosen_by_log_loss_on_held_out_notes() -> None:
    head = fit_note_types(_examples(), LABELS)
    assert head is not None
    texts = [*NOTES.values(), CONTRACT]
    gold = np.array([LABELS.index(lab) for lab in [*NOTES, "contract"]])
    blind = np.log(np.full((len(texts), len(LABELS)), 1 / len(LABELS)))  # a fusion that cannot tell
    assert best_weight(head, blind, gold, LABELS, texts) > 0
    misled = blind.copy()
    misled[:, LABELS.index("consult_note")] += 1.5  # every note leaning to consult note
    assert with_weight(head, 1.0).adjust(misled, LABELS, texts)[0].argmax() != LABELS.index(
        "consult_note"
    )


NOTE_MODEL = ROOT / "models" / "minilm-docclass-7"  # the first model with a note-type head


@pytest.fixture(scope="module")
def note_model() -> TextClassifier:
    return TextClassifier(NOTE_MODEL, threads=1)


def test_the_shipped_head_explains_itself(note_model: TextClassifier) -> None:
    assert note_model.note_types is not None
    assert 0 < note_model.note_types.weight <= 2
    assert note_model.manifest["note_types"]["weight"] == note_model.note_types.weight
    data = json.loads((NOTE_MODEL / NOTE_TYPES_FILE).read_text())
    assert {f["name"] for f in data["features"]} == {name for name, _ in feature_table()}


def test_the_shipped_model_reads_an_emergency_report_whole(note_model: TextClassifier) -> None:
    assert note_model.classify(EMERGENCY).label == "emergency_report"
    assert note_model.classify(PROGRESS).label == "progress_note"


def test_a_tampered_head_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "copy"
    shutil.copytree(NOTE_MODEL, target)
    data = json.loads((target / NOTE_TYPES_FILE).read_text())
    data["weight"] = 0.0
    (target / NOTE_TYPES_FILE).write_text(json.dumps(data))
    with pytest.raises(ModelError, match="does not match"):
        TextClassifier(target)


@pytest.mark.parametrize(
    ("change", "message"),
    [("pattern", "unreadable"), ("labels", "labels it does not have")],
)
def test_a_bad_head_is_refused_even_when_the_manifest_covers_it(
    tmp_path: Path, change: str, message: str
) -> None:
    target = tmp_path / "copy"
    shutil.copytree(NOTE_MODEL, target)
    data = json.loads((target / NOTE_TYPES_FILE).read_text())
    if change == "pattern":
        data["features"][0]["pattern"] = "(unclosed"
    else:
        old = data["labels"][0]
        data["labels"][0] = "tax_return"
        for feature in data["features"]:
            feature["weights"]["tax_return"] = feature["weights"].pop(old)
    (target / NOTE_TYPES_FILE).write_text(json.dumps(data))
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["files"][NOTE_TYPES_FILE] = file_sha256(target / NOTE_TYPES_FILE)
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match=message):
        TextClassifier(target)
