from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from classifier.errors import ModelError
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir, verify_model_dir
from classifier.settings import ROOT
from tests.documents import CLINICAL_NOTE, NEWS


def test_shipped_model_verifies_against_its_manifest() -> None:
    manifest = verify_model_dir(resolve_model_dir(ROOT / "models"))
    assert {"model.onnx", "tokenizer.json", "MODEL_CARD.md"} <= set(manifest["files"])
    assert manifest["metrics"]["macro_f1"] > 0.5
    assert manifest["training"]["data_digest"]


def test_shipped_model_is_small_enough() -> None:
    size = sum(p.stat().st_size for p in resolve_model_dir(ROOT / "models").iterdir())
    assert size <= 25 * 1024 * 1024


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(resolve_model_dir(ROOT / "models"), target)
    return target


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    with (target / "model.onnx").open("r+b") as f:
        f.seek(1000)
        byte = f.read(1)
        f.seek(1000)
        f.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelError, match="does not match"):
        TextClassifier(target)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    (target / "tokenizer.json").unlink()
    with pytest.raises(ModelError, match="missing"):
        TextClassifier(target)


def test_manifest_must_cover_the_model(tmp_path: Path) -> None:
    target = _copy(tmp_path)
    manifest = json.loads((target / "manifest.json").read_text())
    del manifest["files"]["model.onnx"]
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="does not cover"):
        TextClassifier(target)


def test_no_active_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no active model"):
        resolve_model_dir(tmp_path)


def test_classifies_real_documents(model: TextClassifier) -> None:
    clinical = model.classify(CLINICAL_NOTE)
    assert clinical.domain == "clinical"
    assert clinical.label == "operative_report"
    news = model.classify(NEWS)
    assert news.label == "news_wire"
    for c in (clinical, news):
        assert 0.0 <= c.confidence <= 1.0
        assert sum(c.scores.values()) == pytest.approx(1.0, abs=1e-4)


def test_batch_matches_single(model: TextClassifier) -> None:
    single = [model.classify(t) for t in (CLINICAL_NOTE, NEWS)]
    batch = model.classify_batch([CLINICAL_NOTE, NEWS])
    for a, b in zip(single, batch, strict=False):
        assert a.label == b.label
        assert a.confidence == pytest.approx(b.confidence, abs=1e-3)


@pytest.mark.parametrize(
    "text",
    [
        NEWS,
        NEWS * 40,  # cut at a space, fills the window
        CLINICAL_NOTE * 10,
        "x" * 5000,  # no whitespace to cut at: read whole
        "supercalifragilisticexpialidocious " * 120,  # many tokens per word
        "a\n" * 3000,  # one token per two characters
        ("word " * 400) + "tail",
        "characteristically " * 300,  # few tokens per character: the prefix falls short
    ],
)
def test_window_is_the_first_tokens_of_the_whole_text(model: TextClassifier, text: str) -> None:
    whole = model.tokenizer.encode(text)
    (window,) = model.encode_window([text])
    assert window.ids == whole.ids
    assert len(window.ids) <= model.max_length


def test_models_list_verify_activate_rollback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The model management commands on a copy of the shipped models folder."""
    import shutil

    from classifier.cli.main import main

    models = tmp_path / "models"
    active = (ROOT / "models" / "ACTIVE").read_text().strip()
    shutil.copytree(ROOT / "models" / active, models / active)
    shutil.copytree(ROOT / "models" / active, models / "copy-9")
    (models / "ACTIVE").write_text(active + "\n")
    env = ["--settings", str(_settings_file(tmp_path, models))]
    assert main(["models", "list", *env]) == 0
    listing = capsys.readouterr().out
    assert f"* {active}" in listing and "  copy-9" in listing and "MISMATCH" not in listing
    assert main(["models", "activate", "copy-9", *env]) == 0
    assert (models / "ACTIVE").read_text().strip() == "copy-9"
    assert main(["models", "rollback", *env]) == 0
    assert (models / "ACTIVE").read_text().strip() == active
    with (models / "copy-9" / "tokenizer.json").open("a") as f:
        f.write(" ")
    assert main(["models", "verify", *env]) == 1
    out = capsys.readouterr().out
    assert "copy-9: copy-9: tokenizer.json does not match its manifest sha256" in out
    assert f"{active}: every file matches the manifest" in out
    assert main(["models", "activate", "copy-9", *env]) == 2  # refused: stays on the good one
    assert (models / "ACTIVE").read_text().strip() == active


def _settings_file(tmp_path: Path, models: Path) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(
        f'models_dir = "{models}"\naudit_dir = "{tmp_path / "audit"}"\n'
        f'data_dir = "{tmp_path / "var"}"\nkeys_dir = "{tmp_path / "keys"}"\n'
    )
    return path
