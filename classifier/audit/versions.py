"""Which model and policy versions the service last ran with; a change between two starts is
an audit event (`policy.changed`, `model.changed`) naming both versions."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from classifier.audit.log import AuditLog
from classifier.security.at_rest import temporary_name

STATE_FILE = "versions.json"
LOCK_FILE = ".versions.lock"


@contextmanager
def _exclusive(data_dir: Path) -> Iterator[None]:
    """One process at a time (batch and watch workers start together): one change, one record."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def record_version_changes(audit: AuditLog, data_dir: Path, policy: str, model: str) -> list[str]:
    """Compare with the versions seen last time, audit each change, remember the new ones."""
    with _exclusive(data_dir):
        return _record(audit, data_dir / STATE_FILE, policy, model)


def _record(audit: AuditLog, path: Path, policy: str, model: str) -> list[str]:
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
        tmp = temporary_name(path)
        tmp.write_text(json.dumps(now) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return changed
