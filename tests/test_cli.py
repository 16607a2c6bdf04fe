"""The real `classifier` command in a subprocess, against the shipped model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.audit.log import read_records
from classifier.settings import ROOT
from tests.documents import BATCH_KEYS, CLINICAL_NOTE, PLANTED, docx_bytes


def run_cli(
    args: list[str],
    tmp_path: Path,
    extra_env: dict[str, str] | None = None,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "audit"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / "var"),
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "classifier.cli.main", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        input=stdin,
    )


UNSAFE_ID = "Zelda Quorvinsky 219-09-9999"


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("batch")
    lines = [
        json.dumps({"id": "note", "text": CLINICAL_NOTE, "label": "ignored"}),
        "this is not json",
        json.dumps({"id": "n2", "text": 42}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "mail", "text": "Mail jane.roe@example.com about the invoice."}),
        # hostile lines: each gets its record, none ends the run (red team, round 7)
        '{"id": "lone", "text": "abc \\ud800 def"}',  # a lone surrogate escape
        '{"id": "deep", "n": ' + "[" * 100_000 + "]" * 100_000 + "}",  # RecursionError
        json.dumps({"id": UNSAFE_ID, "text": "Call me."}),  # never audited as written
    ]
    raw = ("\n".join(lines) + "\n").encode() + b'{"id": "bytes", "text": "bad \xff\xfe"}\n'
    (tmp / "in.jsonl").write_bytes(raw)
    proc = run_cli(["batch", str(tmp / "in.jsonl"), "--out", str(tmp / "out.jsonl")], tmp)
    return tmp, proc


def test_batch_one_line_per_input_in_order(batch_run) -> None:  # type: ignore[no-untyped-def]
    tmp, proc = batch_run
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in (tmp / "out.jsonl").read_text().splitlines()]
    ids = ["note", "line-2", "n2", "blank", "mail", "lone", "line-7", UNSAFE_ID, "bytes"]
    assert [o["id"] for o in out] == ids
    assert out[0].keys() == BATCH_KEYS and out[4].keys() == BATCH_KEYS
    assert all("error" in o for o in out[1:4]) and "error" in out[6]
    assert all("error" not in out[i] for i in (5, 7, 8))
    text = json.loads((tmp / "in.jsonl").read_bytes().splitlines()[0])["text"]
    for f in out[0]["findings"]:
        assert 0 <= f["start"] < f["end"] <= len(text)
    assert "jane.roe@example.com" not in out[4]["redacted_text"]
    assert "doc/s" in proc.stderr or "%" in proc.stderr  # the progress bar


def test_batch_never_logs_document_text(batch_run) -> None:  # type: ignore[no-untyped-def]
    tmp, proc = batch_run
    for value in (*PLANTED, "jane.roe@example.com", UNSAFE_ID):
        assert value not in proc.stderr and value not in proc.stdout
        for path in (tmp / "audit").iterdir():
            assert value not in path.read_text()


def test_process_writes_redacted_document_and_result(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(CLINICAL_NOTE)
    letter = tmp_path / "letter.docx"
    letter.write_bytes(docx_bytes(CLINICAL_NOTE.splitlines()))
    bad = tmp_path / "locked.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "out"
    proc = run_cli(["process", str(note), str(letter), str(bad), "--out", str(out)], tmp_path)
    assert proc.returncode == 1  # one file was quarantined
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("note.txt\toperative_report\t")
    assert lines[0].endswith("findings")
    assert lines[2] == "locked.pdf\tquarantined\tcorrupt document"
    result = json.loads((out / "note.txt.json").read_text())
    assert result["status"] == "processed"
    redacted = (out / "note.redacted.txt").read_text()
    assert redacted == result["redacted_text"]
    assert all(v not in redacted for v in PLANTED)
    assert (out / "letter.redacted.txt").exists()
    assert json.loads((out / "locked.pdf.json").read_text())["status"] == "quarantined"


def test_broken_policy_stops_with_a_clear_message(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("name: p\nbogus: 1\n")
    proc = run_cli(["batch", "x.jsonl", "--out", "y.jsonl", "--policy", str(policy)], tmp_path)
    assert proc.returncode == 2
    assert f"{policy}:2: bogus: unknown key" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_policy_check(tmp_path: Path) -> None:
    proc = run_cli(["policy", "check", "policies/default.yaml"], tmp_path)
    assert proc.returncode == 0
    assert "clinical-restricted" in proc.stdout


def test_policy_explain_says_which_rule_fired(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(CLINICAL_NOTE)
    proc = run_cli(["policy", "explain", "policies/hipaa.yaml", "--doc", str(note)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "rule out-of-scope-review: no match" in out
    assert "rule clinical-safe-harbor: MATCHED (domain 'clinical' in ['clinical'])" in out
    assert "decision: action redact, sensitivity restricted" in out
    assert "PERSON pseudonym" in out
    assert all(v not in out for v in PLANTED)


def test_encrypt_then_reidentify_is_audited(tmp_path: Path) -> None:
    policy = tmp_path / "p.yaml"
    policy.write_text("name: sealed\nredaction:\n  operators: {EMAIL_ADDRESS: encrypt}\n")
    note = tmp_path / "note.txt"
    note.write_text(CLINICAL_NOTE)
    env = {"CLASSIFIER_KEYS_DIR": str(tmp_path / "keys")}
    out = tmp_path / "out"
    proc = run_cli(
        ["process", str(note), "--out", str(out), "--policy", str(policy)], tmp_path, extra_env=env
    )
    assert proc.returncode == 0, proc.stderr
    redacted = (out / "note.redacted.txt").read_text()
    assert "margaret.thornton@example.org" not in redacted and "[[ENC:EMAIL_ADDRESS:" in redacted
    password = "a long enough passphrase\n"
    for role in ("reviewer", "submitter"):
        user = ["users", "create", f"dr.{role}", "--role", role, "--password-stdin"]
        assert run_cli(user, tmp_path, extra_env=env, stdin=password).returncode == 0
    ask = ["reidentify", str(out / "note.redacted.txt"), "--reason", "court order 17"]
    free_text = run_cli([*ask, "--actor", "dr.privacy"], tmp_path, extra_env=env)
    assert free_text.returncode == 2 and "--operator --token-stdin is required" in free_text.stderr
    for who, secret in (("dr.submitter", password), ("dr.reviewer", "wrong password\n")):
        login = ["--operator", who, "--password-stdin"]
        refused = run_cli([*ask, *login], tmp_path, extra_env=env, stdin=secret)
        assert refused.returncode == 2 and "margaret" not in refused.stdout, refused.stderr
    login = ["--operator", "dr.reviewer", "--password-stdin"]
    proc = run_cli([*ask, *login], tmp_path, extra_env=env, stdin=password)
    assert proc.returncode == 0, proc.stderr
    token = run_cli(["tokens", "create", "--role", "admin", "--name", "dpo"], tmp_path, env)
    by_token = run_cli([*ask, "--token-stdin"], tmp_path, extra_env=env, stdin=token.stdout)
    assert by_token.returncode == 0 and "margaret.thornton@example.org" in by_token.stdout
    assert "margaret.thornton@example.org" in proc.stdout
    records = read_records(tmp_path / "audit")  # checkpoints.jsonl holds no records
    events = [r for r in records if r["event"] == "document.reidentified"]
    actors = [(r["actor"], r["values_restored"]) for r in events]
    assert actors == [("user:dr.reviewer", 1), ("token:1-dpo", 1)]
    assert "margaret" not in json.dumps(records).lower()
