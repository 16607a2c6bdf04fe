"""`classifier train` end to end on a tiny corpus: fine-tune, export, quantize, verify, load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from classifier.ml.text_classifier import TextClassifier, verify_model_dir
from tests.conftest import FIXTURES

pytest.importorskip("torch")
pytestmark = pytest.mark.slow


def _train(data: Path, out: Path, **options: Any) -> Path:
    """A tiny, fast training run; `options` override TrainConfig fields."""
    from classifier.training.train import TrainConfig, train

    tiny = {"epochs": 1, "max_length": 32, "batch_size": 8, "seed": 3, "validation_percent": 30,
            "threads": 1}  # fmt: skip
    return train(TrainConfig(data=str(data), out=str(out), **{**tiny, **options}))


def test_train_from_jsonl_writes_a_verified_model(tmp_path: Path) -> None:
    out = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "tiny-1")
    manifest = verify_model_dir(out)
    assert [lab["name"] for lab in manifest["labels"]] == [
        "clinical_note",
        "finance_doc",
        "legal_doc",
    ]
    assert manifest["labels"][0]["domain"] == "clinical"
    assert len(manifest["training"]["data_digest"]) == 64
    assert {"model.onnx", "tokenizer.json", "MODEL_CARD.md"} <= set(manifest["files"])
    assert 0.0 <= manifest["metrics"]["ece"] <= 1.0
    assert manifest["temperature"] > 0
    result = TextClassifier(out).classify("The patient tolerated the procedure well.")
    assert result.label in {"clinical_note", "finance_doc", "legal_doc"}
    assert "Known limits" in (out / "MODEL_CARD.md").read_text()
    assert {"lexical_vocab.json", "lexical_weights.npz"} <= set(manifest["files"])
    assert 0.0 <= manifest["lexical"]["encoder_weight"] <= 1.0
    # the open-set threshold (calibration slice; this tiny corpus has none: validation) is verified
    assert "open_set.json" in manifest["files"]
    assert manifest["open_set"]["threshold"] == TextClassifier(out).open_set.threshold  # type: ignore[union-attr]


def test_retrain_lexical_part_reusing_an_encoder(tmp_path: Path) -> None:
    first = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "a")
    second = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "b", encoder_from=str(first),
                    max_length=128)  # fmt: skip
    manifest = verify_model_dir(second)
    assert manifest["encoder_from"] == str(first)
    assert manifest["max_length"] == 32  # taken from the reused encoder
    assert (second / "model.onnx").read_bytes() == (first / "model.onnx").read_bytes()


def test_train_from_a_folder_per_label(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (FIXTURES / "tiny_corpus.jsonl").read_text().splitlines()]
    data = tmp_path / "docs"
    for row in rows:
        folder = data / row["label"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{row['id']}.txt").write_text(row["text"])
    out = _train(data, tmp_path / "folder-1")
    labels = [lab["name"] for lab in verify_model_dir(out)["labels"]]
    assert labels == ["clinical_note", "finance_doc", "legal_doc"]


def test_distill_a_shallow_student(tmp_path: Path) -> None:
    teacher = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "teacher")
    student = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "s", distill_from=str(teacher),
                     student_layers=2)  # fmt: skip
    manifest = verify_model_dir(student)
    assert manifest["teacher"]["student_layers"] == 2
    assert (student / "model.onnx").stat().st_size < (teacher / "model.onnx").stat().st_size
    assert TextClassifier(student).classify("Net revenue rose.").label in {
        "clinical_note",
        "finance_doc",
        "legal_doc",
    }


def test_fusion_and_temperature_are_fitted_on_a_calibration_slice(tmp_path: Path) -> None:
    out = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "cal", calibration_percent=50)
    manifest = verify_model_dir(out)
    assert manifest["training"]["calibration_percent"] == 50
    assert 2 <= manifest["calibration_documents"] < manifest["training"]["documents"] + 2
    assert "calibration slice" in (out / "MODEL_CARD.md").read_text()


def test_split_halves_are_stable_and_disjoint() -> None:
    from classifier.training.split import is_calibration, is_tune_group, is_validation

    ids = [f"doc-{i}" for i in range(2000)]
    val = sum(is_validation(i) for i in ids)
    cal = sum(is_calibration(i) for i in ids if not is_validation(i))
    tune = sum(is_tune_group(i) for i in ids)
    assert 240 < val < 360 and 120 < cal < 220 and 900 < tune < 1100
    assert is_tune_group("4") and not is_tune_group("3")  # crc32 parity, as the benchmark uses


def test_the_tune_half_splits_in_two_quarters_and_the_check_half_in_none() -> None:
    from classifier.training.split import is_tune_group, tune_quarter

    ids = [f"patient-{i}" for i in range(2000)]
    quarters = {i: tune_quarter(i) for i in ids}
    assert all((q != "") == is_tune_group(i) for i, q in quarters.items())
    a = sum(q == "a" for q in quarters.values())
    assert 400 < a < 600 and 400 < sum(q == "b" for q in quarters.values()) < 600


def test_the_cls_only_last_layer_gives_the_same_logits() -> None:
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    from classifier.training.cls_only import ClsOnlyLayer, read_cls_only

    torch.manual_seed(0)
    size = {"vocab_size": 100, "hidden_size": 32, "num_attention_heads": 4, "intermediate_size": 64}
    config = BertConfig(**size, num_hidden_layers=2, num_labels=3, attn_implementation="eager")
    model = BertForSequenceClassification(config).eval()
    ids = torch.randint(5, 100, (3, 17))
    mask = torch.ones_like(ids)
    mask[1, 9:] = 0  # a padded row
    with torch.no_grad():
        full = model(input_ids=ids, attention_mask=mask).logits
        fast = read_cls_only(model)(input_ids=ids, attention_mask=mask).logits
    assert isinstance(model.bert.encoder.layer[-1], ClsOnlyLayer)
    assert torch.allclose(full, fast, atol=1e-5)


def test_reviewers_corrections_feed_training(tmp_path: Path) -> None:
    """The JSONL `classifier corrections export` writes: a corrected training text replaces its
    example, a new one is added; the manifest counts them; an unknown label is refused."""
    from classifier.errors import ConfigError

    rows = [json.loads(line) for line in (FIXTURES / "tiny_corpus.jsonl").read_text().splitlines()]
    corrected = {**rows[0], "id": "review-1", "label": "finance_doc", "entities": []}
    new = {"id": "review-2", "text": "Quarterly dividend of 12 cents declared.",
           "label": "finance_doc", "domain": "finance", "entities": []}  # fmt: skip
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text("".join(json.dumps(r) + "\n" for r in (corrected, new)))
    out = _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "c", corrections=str(corrections))
    assert verify_model_dir(out)["training"]["corrections"] == 2
    corrections.write_text(json.dumps({**new, "label": "poetry"}) + "\n")
    with pytest.raises(ConfigError, match="poetry"):
        _train(FIXTURES / "tiny_corpus.jsonl", tmp_path / "d", corrections=str(corrections))


def test_a_correction_of_a_held_out_document_is_not_trained_on() -> None:
    """A reviewer's correction of a validation or calibration document would leak the slice
    the figures and the calibration come from into training: it is left out."""
    from classifier.training.corpus import Example
    from classifier.training.train import _corrected

    def ex(text: str, label: str) -> Example:
        return Example(id=text, text=text, label=label, domain="d")

    train_set, held = [ex("a", "x"), ex("b", "x")], [ex("v", "x")]
    corrections = [ex("a", "y"), ex("v", "y"), ex("new", "y")]
    out = _corrected(train_set, corrections, held)
    assert sorted((e.text, e.label) for e in out) == [("a", "y"), ("b", "x"), ("new", "y")]


def test_train_with_the_note_type_head(tmp_path: Path) -> None:
    from classifier.ml.note_types import NOTE_TYPES_FILE
    from tests.test_note_types import NOTES

    rows = [json.loads(line) for line in (FIXTURES / "tiny_corpus.jsonl").read_text().splitlines()]
    rows += [
        {"id": f"{label}-{i}", "text": f"{text}\nDictated {i} days ago.", "label": label}
        for label, text in NOTES.items()
        for i in range(8)
    ]
    data = tmp_path / "notes.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = _train(data, tmp_path / "notes-1", note_types=True, calibration_percent=30)
    manifest = verify_model_dir(out)
    assert NOTE_TYPES_FILE in manifest["files"]
    assert manifest["note_types"]["labels"] == sorted(NOTES)
    assert 0.0 <= manifest["note_types"]["weight"] <= 2.0
    model = TextClassifier(out)
    assert (
        model.note_types is not None and model.note_types.weight == manifest["note_types"]["weight"]
    )
    assert model.classify(NOTES["emergency_report"]).label in set(NOTES)
