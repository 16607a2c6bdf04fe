from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from classifier.audit.log import read_records
from classifier.document import Quarantined, Result
from classifier.pipeline import OUTCOME_EVENTS, Pipeline
from tests.documents import (
    BATCH_KEYS,
    CLINICAL_NOTE,
    PLANTED,
    docx_bytes,
    eml_bytes,
    encrypted_pdf_bytes,
    pdf_bytes,
)


def _audit_text(pipeline: Pipeline) -> str:
    return "".join(p.read_text() for p in pipeline.audit.files())


def test_text_end_to_end(pipeline: Pipeline) -> None:
    result = pipeline.process_text(CLINICAL_NOTE, doc_id="doc-1")
    assert isinstance(result, Result)
    assert result.as_record().keys() == BATCH_KEYS
    assert result.domain == "clinical"
    assert result.sensitivity == "restricted"
    for value in PLANTED:
        assert value not in result.redacted_text
    assert "[EMAIL_ADDRESS]" in result.redacted_text
    for f in result.findings:
        assert 0 <= f.start < f.end <= len(CLINICAL_NOTE)


def test_audit_record_has_counts_and_versions_but_no_text(pipeline: Pipeline) -> None:
    result = pipeline.process_text(CLINICAL_NOTE, doc_id="doc-2")
    assert isinstance(result, Result)
    (record,) = read_records(pipeline.audit.directory)
    assert record["event"] == "document.processed"
    assert record["document_id"] == "doc-2"
    assert record["label"] == result.label
    assert record["action"] == result.action
    assert record["model_version"] == pipeline.model.version
    assert record["policy_version"] == pipeline.policy.version
    assert sum(record["entity_counts"].values()) == len(result.findings)
    raw = _audit_text(pipeline)
    for value in PLANTED:
        assert value not in raw
    assert "appendicitis" not in raw.lower()


def test_pdf_and_docx(pipeline: Pipeline) -> None:
    lines = CLINICAL_NOTE.splitlines()
    for content, name in ((pdf_bytes(lines), "note.pdf"), (docx_bytes(lines), "note.docx")):
        result = pipeline.process_bytes(content, name, source="test")
        assert isinstance(result, Result), name
        assert "margaret.thornton@example.org" not in result.redacted_text


def test_email_attachments_are_processed_as_children(pipeline: Pipeline) -> None:
    content = eml_bytes(
        "See attached.", attachments={"note.pdf": pdf_bytes(CLINICAL_NOTE.splitlines())}
    )
    result = pipeline.process_bytes(content, "referral.eml", source="test")
    assert isinstance(result, Result)
    assert "alan.whitfield@example.org" not in result.redacted_text
    (child,) = result.children
    assert isinstance(child, Result)
    assert child.id == f"{result.id}.1"
    assert "617-555-0142" not in child.redacted_text
    events = [r["event"] for r in read_records(pipeline.audit.directory)]
    assert [e for e in events if e in OUTCOME_EVENTS] == ["document.processed"] * 2


def test_bad_documents_are_quarantined_with_a_reason(pipeline: Pipeline) -> None:
    cases = {
        "locked.pdf": (encrypted_pdf_bytes(["Margaret Thornton"]), "encrypted document"),
        "broken.pdf": (b"%PDF-1.7\n" + bytes(range(256)) * 8, "corrupt document"),
        "anim.gif": (b"GIF89a" + bytes(64), "unsupported format"),
        "empty.txt": (b"  \n", "no text extracted"),
    }
    for name, (content, reason) in cases.items():
        outcome = pipeline.process_bytes(content, name, source="test")
        assert isinstance(outcome, Quarantined), name
        assert outcome.reason == reason
        stored = pipeline.quarantine_dir / f"{outcome.sha256[:16]}-{name}"
        assert stored.read_bytes() == content
        reason_file = json.loads(Path(str(stored) + ".reason.json").read_text())
        assert reason_file["error"]["reason"] == reason
    records = read_records(pipeline.audit.directory)
    assert [r["event"] for r in records] == ["document.quarantined"] * len(cases)
    assert "Margaret" not in _audit_text(pipeline)


def test_oversized_document_is_quarantined(pipeline: Pipeline) -> None:
    small = pipeline.replace(max_document_bytes=100)
    outcome = small.process_bytes(b"x" * 101, "big.txt", source="test")
    assert isinstance(outcome, Quarantined)
    assert outcome.reason == "document too large"


def test_the_pipeline_is_immutable_and_replace_keeps_its_keys(pipeline: Pipeline) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        pipeline.max_document_bytes = 1  # type: ignore[misc]
    moved = pipeline.replace(quarantine_dir=pipeline.quarantine_dir / "ward-7")
    assert moved.hash_key == pipeline.hash_key and moved.keys_dir == pipeline.keys_dir
    assert pipeline.quarantine_dir != moved.quarantine_dir


def test_hostile_filename_stays_inside_the_quarantine(pipeline: Pipeline, tmp_path: Path) -> None:
    outcome = pipeline.process_bytes(b"\x00\x01binary", "../../../../etc/evil.bin", source="test")
    assert isinstance(outcome, Quarantined)
    assert outcome.filename == "evil.bin"
    assert all(p.parent == pipeline.quarantine_dir for p in pipeline.quarantine_dir.iterdir())
