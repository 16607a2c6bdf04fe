"""The serving environment built by `make run` holds neither torch nor transformers and still
processes documents. `make test` builds it and passes its path in SERVING_VENV."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from classifier.settings import ROOT
from tests.documents import CLINICAL_NOTE, PLANTED

SERVING_VENV = os.environ.get("SERVING_VENV")
pytestmark = pytest.mark.skipif(not SERVING_VENV, reason="SERVING_VENV is set by `make test`")


def _bin(name: str) -> str:
    return str((ROOT / str(SERVING_VENV) / "bin" / name).absolute())


def test_serving_env_has_neither_torch_nor_transformers() -> None:
    code = (
        "import importlib.util as u\n"
        "print([u.find_spec(m) is None for m in ('torch', 'transformers')])"
    )
    out = subprocess.run([_bin("python"), "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[True, True]"


def test_serving_env_processes_a_document(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(CLINICAL_NOTE)
    env = {
        **os.environ,
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "audit"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / "var"),
    }
    proc = subprocess.run(
        [_bin("classifier"), "process", str(note), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\toperative_report\t" in proc.stdout
    redacted = (tmp_path / "out" / "note.redacted.txt").read_text()
    assert all(v not in redacted for v in PLANTED)


def test_serving_path_never_imports_torch(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from classifier.settings import load_settings\n"
        "from classifier.pipeline import Pipeline\n"
        f"d = {str(tmp_path)!r}\n"
        "s = load_settings(overrides={'audit_dir': d, 'data_dir': d})\n"
        "r = Pipeline.from_settings(s).process_text('Call Ann Lee at 555-867-5309.')\n"
        "import web\n"
        "print(r.action, sorted(m for m in ('torch', 'transformers') if m in sys.modules))\n"
    )
    out = subprocess.run([_bin("python"), "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith("[]")
