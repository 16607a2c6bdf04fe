"""An audit log stand-in for a worker process: it keeps the records a document's processing
would write, and the parent writes them to the real trail in input order (workers.py)."""

from __future__ import annotations

from typing import Any

AuditEvent = tuple[str, dict[str, Any]]


class RecordingAudit:
    """Collects (event, fields); `has_record` is never asked of a batch worker."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        self.events.append((event, fields))
        return {"event": event, **fields}

    def has_record(self, key: str, value: str, since: float) -> bool:
        raise NotImplementedError("a recorded audit has no trail to search")


def replay(audit: Any, events: list[AuditEvent]) -> None:
    """Write recorded events to the real trail, in their order."""
    for event, fields in events:
        audit.record(event, **fields)
