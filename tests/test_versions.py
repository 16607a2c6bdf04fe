"""Policy and model changes between starts, held/blocked documents and model activation are
audit events."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

from classifier.audit.log import AuditLog, read_records
from classifier.audit.versions import record_version_changes
from classifier.errors import ModelError
from classifier.ml.text_classifier import ACTIVE, activate, resolve_model_dir
from classifier.pipeline import Pipeline
from classifier.policy.rules import parse_policy
from classifier.settings import ROOT
from tests.documents import CLINICAL_NOTE


def test_version_changes_are_audited_once(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys")
    assert record_version_changes(audit, tmp_path, "p@1", "m-1") == []  # first start
    assert record_version_changes(audit, tmp_path, "p@1", "m-1") == []
    assert record_version_changes(audit, tmp_path, "p@2", "m-1") == ["policy"]
    assert record_version_changes(audit, tmp_path, "p@2", "m-2") == ["model"]
    events = [(r["event"], r["previous"], r["current"]) for r in read_records(tmp_path / "audit")]
    assert events == [("policy.changed", "p@1", "p@2"), ("model.changed", "m-1", "m-2")]


def _start(directory: str) -> list[str]:
    base = Path(directory)
    audit = AuditLog(base / "audit", key_dir=base / "keys")
    return record_version_changes(audit, base, "p@2", "m-1")


def test_workers_starting_together_record_one_change(tmp_path: Path) -> None:
    """`batch --workers N` starts N processes at once: one record, no clash on the state file."""
    audit = AuditLog(tmp_path / "audit", key_dir=tmp_path / "keys")
    record_version_changes(audit, tmp_path, "p@1", "m-1")
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        answers = pool.map(_start, [str(tmp_path)] * 12)
    assert sorted(answers) == [[]] * 11 + [["policy"]]
    events = [r["event"] for r in read_records(tmp_path / "audit")]
    assert events == ["policy.changed"]
    assert not list(tmp_path.glob(".versions.json*.tmp"))


def test_held_and_blocked_documents_are_audited(pipeline: Pipeline) -> None:
    block = "name: b\nrules:\n  - id: no-clinical\n    when: {domain: clinical}\n"
    block += "    action: block\n"
    pipeline = pipeline.replace(policy=parse_policy(block))
    result = pipeline.process_text(CLINICAL_NOTE, doc_id="d1")
    assert result.as_dict()["action"] == "block"
    (blocked,) = [
        r for r in read_records(pipeline.audit.directory) if r["event"] == "document.blocked"
    ]
    assert (blocked["document_id"], blocked["rule_ids"]) == ("d1", ["no-clinical"])


def test_activate_verifies_then_switches(tmp_path: Path) -> None:
    shipped = resolve_model_dir(ROOT / "models")
    shutil.copytree(shipped, tmp_path / "a")
    shutil.copytree(shipped, tmp_path / "b")
    (tmp_path / ACTIVE).write_text("a\n")
    assert activate(tmp_path, "b") == ("a", "b")
    assert (tmp_path / ACTIVE).read_text() == "b\n"
    (tmp_path / "a" / "tokenizer.json").write_text("{}")
    with pytest.raises(ModelError):
        activate(tmp_path, "a")
    assert (tmp_path / ACTIVE).read_text() == "b\n"
