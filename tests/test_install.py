"""`pip install .` (not editable) serves from the package: the shipped models and default policy
come with it, and runtime state goes under `data_dir`, never into site-packages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from classifier.settings import ROOT
from tests.documents import CLINICAL_NOTE, PLANTED

pytestmark = pytest.mark.slow

# What the build needs from the checkout; models/ and policies/ come through the package's links.
NOT_BUILT = (".git", ".venv*", "var", "audit_logs", "build", "dist", "*.egg-info", "__pycache__")
NOT_BUILT += (".mypy_cache", ".ruff_cache", ".pytest_cache", "tests", "benchmarks", "docs")


# The app from the installed package, as another WSGI server would import it: pages and
# static files come from the package data, the model and policy from the shipped copies.
SERVE = """
from web import create_app
client = create_app({"session_cookie_secure": False}).test_client()
health = client.get("/healthz")
print(health.status_code, client.get("/login").status_code,
      client.get("/static/upload.js").status_code, client.get("/entities.css").status_code,
      health.json["status"])
"""


def _files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def _install(tmp_path: Path) -> tuple[Path, Path]:
    """A venv holding a wheel install of a copy of the checkout; the dependencies come from
    this interpreter's site-packages (a path entry, so no editable install of the checkout)."""
    source, venv = tmp_path / "source", tmp_path / "venv"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_BUILT))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    (site / "dev_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
    options = ["--no-deps", "--no-build-isolation", "--no-index", "--quiet", str(source)]
    subprocess.run([*pip, *options], check=True, cwd=tmp_path, timeout=600)
    return venv, site


def test_a_wheel_install_serves_with_the_shipped_models_and_policy(tmp_path: Path) -> None:
    venv, site = _install(tmp_path)
    installed = site / "classifier"
    assert not installed.joinpath("models").is_symlink()  # a copy, not a link to the checkout
    for shipped in (
        "models/ACTIVE",
        "policies/default.yaml",
        "detection/data/not_a_name.txt",
        "fhir/data/document_types.tsv",
        "training/note_features.tsv",  # `classifier train --note-types` from an install
    ):
        assert (installed / shipped).is_file(), shipped
    assert (installed / "security" / "egress_site" / "sitecustomize.py").is_file()
    before = _files(site)
    work, data = tmp_path / "work", tmp_path / "data"
    work.mkdir()
    (work / "note.txt").write_text(CLINICAL_NOTE, encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CLASSIFIER_") and key != "PYTHONPATH"
    }
    env.update(CLASSIFIER_DATA_DIR=str(data), PYTHONDONTWRITEBYTECODE="1", HOME=str(tmp_path))
    run = subprocess.run(
        [venv / "bin" / "classifier", "process", "note.txt", "--out", "out"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    served = subprocess.run(
        [venv / "bin" / "python", "-c", SERVE], cwd=work, env=env, capture_output=True, text=True
    )
    assert served.returncode == 0, served.stderr[-2000:]
    assert served.stdout.split() == ["200", "200", "200", "200", "ok"]
    assert _files(site) == before  # nothing written beside the code
    assert any((data / "audit_logs").glob("audit-*.jsonl"))
    assert (data / "keys").is_dir()
    assert sorted(p.name for p in work.iterdir()) == ["note.txt", "out"]
    redacted = "".join(p.read_text(errors="replace") for p in (work / "out").rglob("*.txt"))
    assert redacted and all(value not in redacted for value in PLANTED)
