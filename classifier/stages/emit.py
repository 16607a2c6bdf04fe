"""Emit: write a result (redacted document + `<name>.json`) or a quarantined original with its
reason file. Names are the ingest stage's safe names, so nothing escapes the target folder.
What is quarantined (the original, its reason) is written owner-only (`security.at_rest`)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from classifier.document import Document, Quarantined, Result
from classifier.security.at_rest import private_dir, temporary_name, write_private


def _atomic_write(path: Path, data: bytes) -> None:
    tmp = temporary_name(path)
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _json_bytes(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def redacted_name(filename: str) -> str:
    return f"{Path(filename).stem}.redacted.txt"


def redacted_document_name(result: Result) -> str:
    """`<stem>.redacted.<ext>`: the redacted document in its own format."""
    return redacted_file_name(result.filename, result.redacted_media_type or "")


def redacted_file_name(filename: str, media_type: str) -> str:
    """`<stem>.redacted.<ext>`, the extension by the redacted document's media type."""
    from classifier.formats import EXTENSIONS

    ext = EXTENSIONS.get(media_type, Path(filename).suffix or ".bin")
    return f"{Path(filename).stem}.redacted{ext}"


def write_result(result: Result | Quarantined, out_dir: Path) -> list[Path]:
    """`<name>.json` always; the redacted document when the document was processed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if isinstance(result, Result):
        redacted = out_dir / redacted_name(result.filename)
        _atomic_write(redacted, result.redacted_text.encode("utf-8"))
        written.append(redacted)
        if result.redacted_content is not None:
            original = out_dir / redacted_document_name(result)
            _atomic_write(original, result.redacted_content)
            written.append(original)
    summary = out_dir / f"{result.filename}.json"
    _atomic_write(summary, _json_bytes(result.as_dict()))
    written.append(summary)
    return written


def quarantine(document: Document, record: Quarantined, directory: Path) -> Path:
    """Keep the original bytes and a reason file; return the stored original's path."""
    stored = directory / f"{document.sha256[:16]}-{document.filename}"
    write_reason(record, stored)
    write_private(stored, document.content)
    return stored


def write_reason(record: Quarantined, stored: Path) -> Path:
    """`<stored>.reason.json` beside a quarantined original (which the caller places)."""
    private_dir(stored.parent)
    reason = stored.with_name(stored.name + ".reason.json")
    write_private(reason, _json_bytes(record.as_dict()))
    return reason
