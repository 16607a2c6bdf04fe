"""`classifier doctor`, run as the real command against a model folder, policies and an audit
trail built in a temporary folder; each failure mode gives exit 1 and names what failed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.audit.log import AuditLog
from classifier.cli import doctor
from classifier.security.offline import OFFLINE_ENVIRONMENT
from classifier.settings import ROOT, load_settings


def write_model(models_dir: Path, name: str = "tiny-1") -> Path:
    model_dir = models_dir / name
    model_dir.mkdir(parents=True)
    files = {"model.onnx": b"onnx bytes stand-in", "tokenizer.json": b"{}"}
    for rel, data in files.items():
        (model_dir / rel).write_bytes(data)
    manifest = {
        "name": "tiny",
        "version": "1",
        "labels": [{"name": "note", "domain": "clinical"}],
        "max_length": 32,
        "files": {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()},
    }
    (model_dir / "manifest.json").write_text(json.dumps(manifest))
    (models_dir / "ACTIVE").write_text(name + "\n")
    return model_dir


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    write_model(tmp_path / "models")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    environ.pop("PYTHONPATH", None)
    environ.update(
        CLASSIFIER_MODELS_DIR=str(tmp_path / "models"),
        CLASSIFIER_AUDIT_DIR=str(tmp_path / "audit"),
        CLASSIFIER_DATA_DIR=str(tmp_path / "var"),
        CLASSIFIER_EGRESS_ALLOW="127.0.0.1",
    )
    settings = load_settings(environ=environ)
    audit = AuditLog.from_settings(settings)
    for i in range(3):
        audit.record("document.processed", document_id=f"d{i}", sha256="0" * 64)
    return environ


def run_doctor(environ: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", "doctor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=environ,
    )


def lines_by_check(stdout: str) -> dict[str, tuple[str, str]]:
    rows = [line.split(None, 2) for line in stdout.splitlines() if not line.startswith("doctor")]
    return {name: (status, detail) for status, name, detail in rows}


def test_healthy_installation(env: dict[str, str]) -> None:
    out = run_doctor(env)
    assert out.returncode == 0, out.stdout + out.stderr
    checks = lines_by_check(out.stdout)
    assert checks["egress"] == (
        "ok",
        "guard active, allow 127.0.0.1; probe to 192.0.2.1:9 refused; "
        f"{len(OFFLINE_ENVIRONMENT)} offline flags set",
    )
    assert checks["model"] == ("ok", "tiny-1 (active) v1: 2 files match the manifest")
    assert checks["policy"][0] == "ok" and "default.yaml (active)" in checks["policy"][1]
    assert checks["audit"][0] == "ok" and checks["audit"][1].startswith("OK: 3 records")
    assert checks["ocr"][0] in ("ok", "warn")  # OCR missing is reported, not a failure
    assert out.stdout.splitlines()[-1].endswith("0 failed")


def test_a_tampered_model_fails(env: dict[str, str]) -> None:
    (Path(env["CLASSIFIER_MODELS_DIR"]) / "tiny-1" / "model.onnx").write_bytes(b"swapped")
    out = run_doctor(env)
    assert out.returncode == 1
    assert lines_by_check(out.stdout)["model"] == (
        "fail",
        "tiny-1: model.onnx does not match its manifest sha256",
    )


def test_no_active_model_fails(env: dict[str, str]) -> None:
    (Path(env["CLASSIFIER_MODELS_DIR"]) / "ACTIVE").unlink()
    out = run_doctor(env)
    assert out.returncode == 1
    assert "no active model named" in lines_by_check(out.stdout)["model"][1]


def test_an_edited_audit_record_fails(env: dict[str, str]) -> None:
    (path,) = Path(env["CLASSIFIER_AUDIT_DIR"]).glob("audit-*.jsonl")
    lines = path.read_bytes().splitlines(keepends=True)
    lines[1] = lines[1].replace(b'"d1"', b'"d9"')
    path.write_bytes(b"".join(lines))
    out = run_doctor(env)
    assert out.returncode == 1
    status, detail = lines_by_check(out.stdout)["audit"]
    assert status == "fail" and ":2 (seq 2): hmac: HMAC mismatch" in detail


def test_a_broken_policy_fails(env: dict[str, str], tmp_path: Path) -> None:
    policy = tmp_path / "policies" / "site.yaml"
    policy.parent.mkdir()
    policy.write_text("name: site\ndefaults: {action: shred}\n")
    out = run_doctor({**env, "CLASSIFIER_POLICY": str(policy)})
    assert out.returncode == 1
    status, detail = lines_by_check(out.stdout)["policy"]
    assert status == "fail" and "site.yaml" in detail


def test_json_output(env: dict[str, str]) -> None:
    out = run_doctor(env, "--json")
    assert out.returncode == 0
    assert [c["name"] for c in json.loads(out.stdout)] == [
        "egress",
        "model",
        "policy",
        "audit",
        "ocr",
        "cookies",
    ]


def test_without_the_guard_the_egress_check_fails(env: dict[str, str]) -> None:
    # In a fresh process that never installs the guard (audit hooks cannot be removed, and
    # tests that run workers in this process install it here).
    script = (
        "import os, json; from classifier.cli import doctor; "
        "from classifier.settings import load_settings; "
        "(c,) = [c for c in doctor.run_checks(load_settings(environ=dict(os.environ))) "
        "if c.name == 'egress']; print(json.dumps([c.status, c.detail]))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == [
        "fail",
        "guard not installed in this process",
    ]


@pytest.mark.parametrize(
    ("host", "secure", "status"),
    [
        ("0.0.0.0", "true", "warn"),
        ("records.intranet", "true", "warn"),
        ("127.0.0.1", "true", "ok"),
        ("::1", "true", "ok"),
        ("0.0.0.0", "false", "ok"),
    ],
)
def test_secure_cookies_over_plain_http_are_a_warning(host: str, secure: str, status: str) -> None:
    environ = {"CLASSIFIER_HOST": host, "CLASSIFIER_SESSION_COOKIE_SECURE": secure}
    check = doctor.check_cookies(load_settings(environ=environ))
    assert check.status == status
    if status == "warn":
        assert "plain HTTP" in check.detail and "session_cookie_secure = false" in check.detail


def test_the_cookie_warning_is_reported_without_failing(env: dict[str, str]) -> None:
    out = run_doctor({**env, "CLASSIFIER_HOST": "0.0.0.0"})
    assert out.returncode == 0, out.stdout + out.stderr
    status, detail = lines_by_check(out.stdout)["cookies"]
    assert status == "warn" and "browsers refuse the session cookie" in detail
