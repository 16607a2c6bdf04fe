"""Which model and policy versions the service last ran with; a change between two starts is
an audit event (`policy.changed`, `model.changed`) naming both versions."""

from __future__ import annotations

import json
import os
from pathlib import Path

from classifier.audit.log import AuditLog

STATE_FILE = "versions.json"


def record_version_changes(audit: AuditLog, data_dir: Path, policy: str, model: str) -> list[str]:
    """Compare with the versions seen last time, audit each change, remember the new ones."""
    path = data_dir / STATE_FILE
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    now = {"policy": policy, "model": model}
    changed = [k for k in ("policy", "model") if before.get(k) and before[k] != now[k]]
    for kind in changed:
        audit.record(
            f"{kind}.changed",
            source="startup",
            outcome="success",
            previous=before[kind],
            current=now[kind],
        )
    if before != now:
        data_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(now) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return changed
