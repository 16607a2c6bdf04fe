"""A student cut from a shipped tagger (classifier/training/teacher_weights.py): the weights
read back from the int8 ONNX model are the teacher's, and a student keeps every other layer."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
import pytest

from classifier.ml.phi_tagger import PhiTagger
from classifier.settings import ROOT
from tests.test_phi_tagger import _annotated

torch = pytest.importorskip("torch")

TEACHER = ROOT / "models" / "phi-tagger-4"  # 2 layers: the quicker shipped tagger
TEXT = (
    "Seen by Dr. Nadia Okafor on 3/14/2024 at Mercy Hospital in Boston; her son Bill called"
    " from 617-555-0199. Pt stable, BP 120/80, plan to follow up with Dr. Lee next week."
)


def _base() -> str:
    from classifier.training.train import default_base

    return default_base()


def test_weights_read_back_from_the_int8_model_tag_as_the_model_does() -> None:
    from classifier.training.tagger import LABELS
    from classifier.training.teacher_weights import teacher_student

    tagger = PhiTagger(TEACHER)
    model, kept = teacher_student(TEACHER, _base(), LABELS, 0)
    assert kept == (0, 1)
    ids = tagger.tokenizer.encode(TEXT, add_special_tokens=False).ids
    row = [tagger.cls, *ids, tagger.sep]
    onnx = tagger._logits([row])[0]
    with torch.no_grad():
        torch_logits = model.eval()(input_ids=torch.tensor([row])).logits[0].numpy()
    assert (onnx.argmax(-1) == torch_logits.argmax(-1)).mean() > 0.97
    assert np.abs(onnx - torch_logits).mean() < 0.1  # the activations' int8 rounding apart


def test_a_student_keeps_every_other_layer_and_the_last() -> None:
    from classifier.training.tagger import LABELS
    from classifier.training.teacher_weights import dequantized, teacher_student

    state = dequantized(TEACHER / "model.onnx")
    model, kept = teacher_student(TEACHER, _base(), LABELS, 1)
    assert kept == (1,) and len(model.bert.encoder.layer) == 1
    query = model.bert.encoder.layer[0].attention.self.query.weight.detach().numpy()
    assert np.array_equal(query, state["bert.encoder.layer.1.attention.self.query.weight"])
    assert np.array_equal(model.classifier.weight.detach().numpy(), state["classifier.weight"])


@pytest.mark.slow
def test_distil_a_student_cut_from_the_teacher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from classifier.training.tagger import TaggerConfig, train_tagger

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the teacher's cached logits
    data = tmp_path / "notes.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _annotated(30, 5)))
    out = train_tagger(
        TaggerConfig(data=(str(data),), out=str(tmp_path / "student"), epochs=1, max_length=32,
                     batch_size=8, split="tune", threads=1, layers=1, teacher=str(TEACHER),
                     init_from_teacher=True, checkpoint=str(tmp_path / "ckpt"),
                     score_holdout=False, surrogates=0)
    )  # fmt: skip
    tagger = PhiTagger(out)
    recipe = tagger.manifest["training"]
    assert recipe["initialised_from_teacher_layers"] == [1]
    assert recipe["student_hidden"] == 384 and recipe["encoder_layers"] == 1
    assert "phi-tagger-4 cut to 1 of its encoder layers" in tagger.manifest["base_model"]
    spans = tagger.tag(TEXT)
    assert all(0 <= s.start < s.end <= len(TEXT) and 0 < s.score <= 1 for s in spans)
    assert (out / "model.onnx").stat().st_size < (TEACHER / "model.onnx").stat().st_size


def test_the_shipped_cut_student_says_how_it_was_made_and_finds_names() -> None:
    """models/phi-tagger-6 (opt-in): phi-tagger-3's layers 1, 3, 5, distilled; int8, verified
    by its manifest, under 25 MB (docs/detection.md)."""
    student = PhiTagger(ROOT / "models" / "phi-tagger-6")
    recipe = student.manifest["training"]
    assert recipe["teacher"] == "phi-tagger-3" and recipe["encoder_layers"] == 3
    assert recipe["initialised_from_teacher_layers"] == [1, 3, 5] and recipe["split"] == "tune"
    assert (student.model_dir / "model.onnx").stat().st_size < 25_000_000
    assert student.labels == PhiTagger(ROOT / "models" / "phi-tagger-3").labels
    found = {(TEXT[s.start : s.end], s.entity_type) for s in student.tag(TEXT)}
    names = [value for value, kind in found if kind == "PERSON"]  # "Dr. " too, by release
    assert any("Nadia Okafor" in n for n in names) and ("3/14/2024", "DATE_TIME") in found
