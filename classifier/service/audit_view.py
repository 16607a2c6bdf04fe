"""The audit trail for the auditor's page: records searched and filtered (event, actor,
document, time), the trail's verification status with its last signed checkpoint, and an
export of what the filter selects (CSV, or JSON lines that keep each record's exact bytes).
Read-only: nothing here writes the trail."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from classifier.audit.export import records_since, write_rows
from classifier.audit.format import Row, checkpoints_name, utc_timestamp
from classifier.audit.keys import load_keys
from classifier.audit.verify import verify
from classifier.errors import AuditError, RequestError
from classifier.service.args import day, whole_number

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
ARGS = ("event", "actor", "document", "since", "until", "page", "per_page")
MAX_PAGE = 500


@dataclass(frozen=True)
class AuditQuery:
    event: str = ""  # exact, or a prefix ending in "." ("document.")
    actor: str = ""  # a part of the actor ("user:rita")
    document: str = ""  # a document id prefix
    since: dt.datetime = EPOCH
    until: dt.datetime | None = None  # exclusive
    page: int = 1
    per_page: int = 50

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AuditQuery:
        unknown = set(args) - set(ARGS)
        if unknown:
            raise RequestError(f"unknown query parameters: {', '.join(sorted(unknown))}")
        since, until = day(args.get("since", ""), "since"), day(args.get("until", ""), "until")
        return cls(
            event=args.get("event", "").strip(),
            actor=args.get("actor", "").strip(),
            document=args.get("document", "").strip().lower(),
            since=since or EPOCH,
            until=until + dt.timedelta(days=1) if until else None,
            page=whole_number(args.get("page", ""), "page", 1),
            per_page=min(whole_number(args.get("per_page", ""), "per_page", 50), MAX_PAGE),
        )

    def keeps(self, fields: Mapping[str, Any]) -> bool:
        event = str(fields.get("event", ""))
        if self.event and not (
            event == self.event or (self.event.endswith(".") and event.startswith(self.event))
        ):
            return False
        if self.actor and self.actor not in str(fields.get("actor", "")):
            return False
        if self.document and not str(fields.get("document_id", "")).startswith(self.document):
            return False
        until = self.until
        return until is None or str(fields.get("time", "")) < utc_timestamp(until)


def rows(directory: Path, query: AuditQuery) -> Iterator[Row]:
    for name, line, record in records_since(directory, query.since):
        if query.keeps(record.fields):
            yield name, line, record


def search(directory: Path, query: AuditQuery) -> tuple[list[dict[str, Any]], int]:
    """One page of the selected records, newest first, and how many are selected."""
    found = [record.fields for _, _, record in rows(directory, query)]
    found.reverse()
    start = (query.page - 1) * query.per_page
    return found[start : start + query.per_page], len(found)


def export(directory: Path, query: AuditQuery, fmt: str, out: TextIO) -> int:
    return write_rows(list(rows(directory, query)), fmt, out)


def status(directory: Path, key_dir: Path, checkpoint_every: int) -> dict[str, Any]:
    """What `classifier audit verify` says, and the last signed checkpoint (seq, time)."""
    try:
        report = verify(directory, load_keys(key_dir), checkpoint_every)
    except AuditError as exc:
        return {"ok": False, "summary": f"cannot verify: {exc}", "problems": [], "checkpoint": None}
    chains: list[dict[str, Any]] = [
        {
            "node": c.node,
            "ok": c.ok,
            "records": c.records,
            "checkpoint": last_checkpoint(directory, c.node),
        }
        for c in report.chains
    ]
    newest = [c["checkpoint"] for c in chains if c["checkpoint"]]
    return {
        "ok": report.ok,
        "summary": report.summary(),
        "problems": [str(p) for p in report.problems[:20]],
        "records": report.records,
        "checkpoint": max(newest, key=lambda c: str(c["time"]), default=None),
        "nodes": chains,
    }


def last_checkpoint(directory: Path, node: str) -> dict[str, Any] | None:
    """The newest checkpoint of one node's chain (seq, time, file, node)."""
    path = directory / checkpoints_name(node)
    if not path.exists():
        return None
    lines = [x for x in path.read_bytes().splitlines() if x.strip()]
    for line in reversed(lines):
        try:
            body = json.loads(line)
        except ValueError:
            continue
        seq, time, file = body.get("seq"), body.get("time"), body.get("file")
        return {"seq": seq, "time": time, "file": file, "node": node}
    return None
