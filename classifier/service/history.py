"""A document's history, read from the audit trail: received, classified, held, reviewed,
released or blocked, read and downloaded; by whom and when. Records hold ids, hashes, counts
and names, so the history does too (never content)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from classifier.audit.log import read_records

# event -> (what happened, in words; the record's fields that say more)
EVENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "document.received": ("received", ("source", "media_type", "size")),
    "document.processed": ("classified", ("label", "confidence", "action", "sensitivity")),
    "document.held": ("held for review", ("rule_ids",)),
    "document.blocked": ("blocked by the policy", ("rule_ids",)),
    "document.quarantined": ("quarantined", ("reason",)),
    "document.routed": ("routed to a folder", ("action",)),
    "document.read": ("read", ("what",)),
    "document.purged": ("purged (retention)", ("retention_days",)),
    "review.decided": (
        "reviewed",
        ("decision", "label", "spans_added", "spans_removed", "regions_drawn"),
    ),
    "review.locked": ("opened for review", ()),
    "review.assigned": ("assigned for review", ("assignee",)),
    "review.unassigned": ("unassigned", ("previous",)),
    "webhook.attempt": ("sent to the webhook", ("outcome",)),
}
READ_WORDS = {
    "redacted": "downloaded (redacted text)",
    "redacted_file": "downloaded (redacted file)",
}


def history(audit_dir: str | Path, doc_id: str) -> list[dict[str, Any]]:
    """The document's events in chain order, each {time, event, what, actor, details}."""
    out = []
    for record in read_records(audit_dir):
        if record.get("document_id") != doc_id or record["event"] not in EVENTS:
            continue
        words, keys = EVENTS[record["event"]]
        if record["event"] == "document.read":
            words = READ_WORDS.get(str(record.get("what")), words)
        if record["event"] == "review.decided":
            words = "released" if record.get("decision") == "release" else "blocked"
        out.append(
            {
                "time": record["time"],
                "event": record["event"],
                "what": words,
                "actor": record.get("actor", ""),
                "details": {k: record[k] for k in keys if k in record},
            }
        )
    return out
