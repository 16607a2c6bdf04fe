"""The narrow PHI-tagger student (classifier/training/tagger_student.py): distilled from a
shipped tagger's logits, with PCA-projected embeddings, exported to int8 ONNX and loaded by
PhiTagger like any tagger."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest

from classifier.ml.phi_tagger import PhiTagger
from classifier.settings import ROOT
from tests.test_phi_tagger import _annotated

torch = pytest.importorskip("torch")

TEACHER = ROOT / "models" / "phi-tagger-4"  # the smaller shipped tagger: a quicker teacher


@pytest.mark.slow
def test_distil_a_tiny_student_and_load_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from classifier.training.tagger import TaggerConfig, train_tagger

    private_temp = tmp_path / "temp"  # where the teacher's logits are cached
    private_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_temp))

    data = tmp_path / "notes.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in _annotated(40, 5)))
    corpus = ROOT / "tests" / "fixtures" / "tiny_corpus.jsonl"
    out = train_tagger(
        TaggerConfig(data=(str(data),), out=str(tmp_path / "student"), epochs=2, max_length=32,
                     batch_size=8, split="tune", threads=1, learning_rate=1e-3, layers=1,
                     teacher=str(TEACHER), student_hidden=32, unlabelled=(str(corpus),),
                     unlabelled_windows=5, score_holdout=False, surrogates=0)
    )  # fmt: skip
    tagger = PhiTagger(out)
    recipe = tagger.manifest["training"]
    assert recipe["teacher"] == "phi-tagger-4" and recipe["student_hidden"] == 32
    assert recipe["encoder_layers"] == 1 and recipe["unlabelled_windows"] == 5
    assert "metrics" not in tagger.manifest  # the other half left unscored
    assert "distilled from phi-tagger-4" in tagger.manifest["base_model"]
    assert list(private_temp.glob("classifier-teacher-*.npz"))  # cached outside the repo
    text = "Seen by Dr. Nadia Okafor on 3/14. Pt stable. " * 12  # several windows
    spans = tagger.tag(text)
    assert all(0 <= s.start < s.end <= len(text) and 0 < s.score <= 1 for s in spans)
    assert (out / "model.onnx").stat().st_size < (TEACHER / "model.onnx").stat().st_size / 10


def test_teacher_logits_are_computed_once_and_cached(tmp_path: Path) -> None:
    from classifier.training.tagger_student import teacher_logits

    teacher = tmp_path / "teacher"
    shutil.copytree(TEACHER, teacher)
    tagger = PhiTagger(teacher)
    windows = [([2023, 2003, 1037], [0, 0, 0]), ([7592, 2088], [-100, -100])]
    first = teacher_logits(teacher, windows, tagger.cls, tagger.sep, tmp_path)
    assert [f.shape for f in first] == [(5, len(tagger.labels)), (4, len(tagger.labels))]
    direct = tagger._logits([[tagger.cls, 2023, 2003, 1037, tagger.sep]])[0]
    assert np.allclose(first[0], direct, atol=1e-2)  # float16 in the cache
    (teacher / "model.onnx").unlink()  # the cache answers without the model
    again = teacher_logits(teacher, windows, tagger.cls, tagger.sep, tmp_path)
    assert len(list(tmp_path.glob("classifier-teacher-*.npz"))) == 1
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))


def test_student_embeddings_are_the_base_projected_on_its_principal_components() -> None:
    from transformers import AutoModel

    from classifier.training.tagger_student import pca_basis, student_model
    from classifier.training.train import default_base

    student = student_model(default_base(), hidden=64, layers=1)
    assert student.config.hidden_size == 64 and student.config.num_hidden_layers == 1
    base = AutoModel.from_pretrained(default_base()).embeddings.word_embeddings.weight.detach()
    basis = pca_basis(base, 64)
    assert torch.allclose(basis.T @ basis, torch.eye(64), atol=1e-4)  # orthonormal
    projected = student.bert.embeddings.word_embeddings.weight.detach()
    assert torch.allclose(projected, base @ basis, atol=1e-5)
    variance = ((base - base.mean(0)) @ basis).var(0)
    assert bool((variance[:-1] >= variance[1:] - 1e-6).all())  # largest components first


def test_kd_loss_is_zero_on_agreement_and_counts_gold_where_known() -> None:
    from classifier.training.tagger_student import kd_token_loss

    logits = torch.randn(2, 5, 12)
    mask = torch.ones(2, 5, dtype=torch.long)
    unknown = torch.full((2, 5), -100)
    assert float(kd_token_loss(logits, logits.clone(), mask, unknown)) == pytest.approx(0, abs=1e-6)
    assert float(kd_token_loss(logits, -logits, mask, unknown)) > 0.1
    gold = unknown.clone()
    gold[0, 1] = int(logits[0, 1].argmin())  # a gold label the student finds least likely
    assert float(kd_token_loss(logits, logits.clone(), mask, gold)) > 0.1
    padded = mask.clone()
    padded[:, 3:] = 0  # padding is not taught
    other = logits.clone()
    other[:, 3:] = -logits[:, 3:]
    assert float(kd_token_loss(logits, other, padded, unknown)) == pytest.approx(0, abs=1e-6)


def test_corpus_windows_are_unlabelled_and_from_the_training_split(tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from classifier.training.split import is_validation
    from classifier.training.tagger_student import corpus_windows
    from classifier.training.train import default_base

    ids = [f"doc-{i}" for i in range(40)]
    held = [i for i in ids if is_validation(i)]
    assert held  # some fall in the validation split
    corpus = tmp_path / "corpus.jsonl"
    rows = [{"id": i, "text": f"{i} " + "word " * 100} for i in ids]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in rows))
    tokenizer = AutoTokenizer.from_pretrained(default_base())
    windows = corpus_windows(corpus, tokenizer, 30, 1000, seed=1)
    assert windows and all(len(w) <= 30 and set(g) == {-100} for w, g in windows)
    assert len(windows) == 2 * (len(ids) - len(held))  # the first two windows of each
    texts = {tokenizer.decode(w[:6]).replace(" ", "") for w, _ in windows}
    assert not any(t.startswith(f"{h}word") for t in texts for h in held)
    assert len(corpus_windows(corpus, tokenizer, 30, 7, seed=1)) == 7


def test_the_shipped_student_is_small_and_says_how_it_was_made() -> None:
    """models/phi-tagger-5: a 2-layer, hidden-128 student of phi-tagger-3, int8, verified by
    its manifest, a fifth of the teacher's size; `classifier train-tagger` reproduces it from
    the recipe in its manifest (docs/detection.md)."""
    student = PhiTagger(ROOT / "models" / "phi-tagger-5")
    recipe = student.manifest["training"]
    assert recipe["teacher"] == "phi-tagger-3" and recipe["student_hidden"] == 128
    assert recipe["encoder_layers"] == 2 and recipe["split"] == "tune"
    assert (student.model_dir / "model.onnx").stat().st_size < 6_000_000
    assert student.labels == PhiTagger(ROOT / "models" / "phi-tagger-3").labels
    text = "Seen by Dr. Nadia Okafor on 3/14/2024 at Mercy Hospital in Boston. " * 3
    found = {(text[s.start : s.end], s.entity_type) for s in student.tag(text)}
    assert ("Nadia Okafor", "PERSON") in found


def test_tokens_the_teacher_calls_personal_data_weigh_more() -> None:
    from classifier.training.tagger_student import kd_token_loss

    teacher = torch.zeros(1, 4, 12)
    teacher[0, 0, 1] = 5.0  # the teacher: the first token is a PERSON, the rest O
    teacher[0, 1:, 0] = 5.0
    student = teacher.clone()
    student[0, 0] = -student[0, 0]  # wrong on the person
    mask = torch.ones(1, 4, dtype=torch.long)
    unknown = torch.full((1, 4), -100)
    plain = float(kd_token_loss(student, teacher, mask, unknown))
    weighted = float(kd_token_loss(student, teacher, mask, unknown, phi_weight=5.0))
    assert weighted > 2 * plain > 0
