"""`classifier train --add-label`: a site's own document type from a folder of examples, on the
real shipped model (its frozen encoder), versioned, verified and activated like any model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from classifier.cli.main import main
from classifier.errors import ConfigError
from classifier.ml.heads import REFERENCES_FILE
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir, verify_model_dir
from classifier.policy.rules import parse_policy
from classifier.settings import ROOT
from classifier.training.add_label import AddLabelConfig, add_label
from tests.documents import CLINICAL_NOTE, CONTRACT
from tests.site_documents import recipe
from tests.test_model import _settings_file

BASE = resolve_model_dir(ROOT / "models")
EXAMPLES = 12  # recipes 0..11; 12.. are never shown to training


def _folder(tmp_path: Path, count: int = EXAMPLES) -> Path:
    folder = tmp_path / "site-recipes"
    folder.mkdir()
    for i in range(count):
        (folder / f"recipe-{i:02}.txt").write_text(recipe(i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("add-label")
    out = tmp_path / "models" / "site-recipes-1"
    args = ["train", "--add-label", "recipe", "--examples", str(_folder(tmp_path))]
    assert main([*args, "--base-model", str(BASE), "--out", str(out)]) == 0
    return out


def test_the_new_version_is_verified_and_says_how_it_was_checked(extended: Path) -> None:
    manifest = verify_model_dir(extended)
    base = json.loads((BASE / "manifest.json").read_text())
    assert manifest["version"] == str(int(base["version"]) + 1)
    assert manifest["extends"] == f"{base['name']}-{base['version']}"
    (added,) = manifest["added_labels"]
    assert (added["name"], added["examples"]) == ("recipe", EXAMPLES)
    v = added["verification"]
    assert 0 < v["held_back_examples"] < EXAMPLES and v["held_back_references"] > 100
    assert v["f1"] >= 0.8
    assert max(v["taken_from"].values()) <= 0.02  # no base label loses more than 2% of its own
    assert {"added-recipe.npz", "policy_rule.yaml"} <= set(manifest["files"])
    assert "Added label: recipe" in (extended / "MODEL_CARD.md").read_text()


def test_the_new_type_is_recognised_and_the_others_stay(extended: Path) -> None:
    model = TextClassifier(extended)
    assert [lab.name for lab in model.labels][-1] == "recipe"
    for i in range(EXAMPLES, EXAMPLES + 3):  # recipes it never saw
        result = model.classify(recipe(i))
        assert (result.label, result.open_set) == ("recipe", None)
        assert result.confidence >= 0.5
    assert model.classify(CLINICAL_NOTE).label == "operative_report"
    assert model.classify(CONTRACT).label == "contract"
    assert abs(sum(model.classify(CONTRACT).scores.values()) - 1.0) < 1e-5


def test_the_base_model_still_holds_the_new_type_for_review(extended: Path) -> None:
    result = TextClassifier(BASE).classify(recipe(EXAMPLES))
    assert result.label != "recipe" and result.open_set is not None


def test_the_policy_stub_is_a_valid_rule_for_the_new_label(extended: Path) -> None:
    stub = yaml.safe_load((extended / "policy_rule.yaml").read_text())
    policy = parse_policy(yaml.safe_dump({"name": "site", "rules": stub}), path="site.yaml")
    (rule,) = policy.rules
    assert (rule.labels, rule.action) == (("recipe",), "review")


def test_activated_and_rolled_back_like_any_model(extended: Path, tmp_path: Path) -> None:
    import shutil

    models = tmp_path / "models"
    shutil.copytree(BASE, models / BASE.name)
    shutil.copytree(extended, models / extended.name)
    (models / "ACTIVE").write_text(BASE.name + "\n")
    env = ["--settings", str(_settings_file(tmp_path, models))]
    assert main(["models", "activate", extended.name, *env]) == 0
    assert TextClassifier(resolve_model_dir(models)).classify(recipe(20)).label == "recipe"
    assert main(["models", "rollback", *env]) == 0
    assert resolve_model_dir(models).name == BASE.name
    with (models / extended.name / "added-recipe.npz").open("ab") as f:
        f.write(b"\0")
    assert main(["models", "activate", extended.name, *env]) == 2  # tampered: refused


@pytest.mark.parametrize(
    ("name", "count", "message"),
    [
        ("contract", EXAMPLES, "has that label already"),
        ("Recipe!", EXAMPLES, "lower case"),
        ("recipe", 4, "at least 10"),
    ],
)
def test_refused_with_a_clear_reason(tmp_path: Path, name: str, count: int, message: str) -> None:
    cfg = AddLabelConfig(str(BASE), name, str(_folder(tmp_path, count)), str(tmp_path / "out"))
    with pytest.raises(ConfigError, match=message):
        add_label(cfg)


def test_a_base_without_references_is_refused(tmp_path: Path) -> None:
    import shutil

    base = tmp_path / "old"
    shutil.copytree(BASE, base)
    manifest = json.loads((base / "manifest.json").read_text())
    del manifest["files"][REFERENCES_FILE]
    (base / "manifest.json").write_text(json.dumps(manifest))
    cfg = AddLabelConfig(str(base), "recipe", str(_folder(tmp_path)), str(tmp_path / "out"))
    with pytest.raises(ConfigError, match=r"no references\.npz"):
        add_label(cfg)


def test_the_command_says_what_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--add-label", "recipe", "--out", str(tmp_path / "x")]) == 2
    assert "--add-label needs --examples FOLDER" in capsys.readouterr().err
    assert main(["train", "--out", str(tmp_path / "x")]) == 2
    assert "needs --data" in capsys.readouterr().err
