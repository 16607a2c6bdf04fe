"""`classifier audit export`: the records since a date, as CSV or JSON lines, for compliance.

Every node's chain is read and the records merged in time order (the same microsecond: by node
id; a node's own records always in chain order). JSON lines are the records' exact bytes, so an
export can still be checked against the HMAC key (a node's records carry `node` themselves; the
legacy chain's have none). CSV has one column per field: `seq` (per node), `time`, `event`, the
AU-3 identity and outcome columns, `node`, the other fields in name order, `prev`, `hmac`,
and `log_file`; nested values (entity counts, rule ids) are JSON in their cell, and text that a
spreadsheet would run as a formula is prefixed with `'`. Export reads; it does not verify:
run `classifier audit verify` for that.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from classifier.audit.format import Row, merged_records, row_node, utc_timestamp
from classifier.errors import AuditError

FORMATS = ("csv", "jsonl")
FIRST_COLUMNS = ("seq", "time", "event", "source", "actor", "outcome", "node")
LAST_COLUMNS = ("prev", "hmac", "log_file")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def parse_since(text: str) -> dt.datetime:
    """`YYYY-MM-DD` (midnight UTC) or an ISO 8601 time; a time without a zone is UTC."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise AuditError(f"--since {text!r}: expected YYYY-MM-DD or an ISO 8601 time") from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def records_since(directory: Path, since: dt.datetime) -> Iterator[Row]:
    """(file name, line, record) of every intact record at or after `since`, every node's,
    merged in time order (see `merged_records`)."""
    stamp = utc_timestamp(since)  # times compare as text
    for row in merged_records(directory, f"{since:%Y%m%d}"):
        if str(row[2].fields["time"]) >= stamp:
            yield row


def export(directory: Path, since: dt.datetime, fmt: str, out: TextIO) -> int:
    """Write the records to `out`; returns how many."""
    return write_rows(list(records_since(directory, since)), fmt, out)


def write_rows(rows: list[Row], fmt: str, out: TextIO) -> int:
    """Write (file name, line, record) rows as `fmt`; returns how many."""
    if fmt not in FORMATS:
        raise AuditError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    if fmt == "jsonl":
        for _, line, _ in rows:
            out.write(line.decode("ascii") + "\n")
        return len(rows)
    named = set(FIRST_COLUMNS + LAST_COLUMNS)
    others = sorted({k for _, _, r in rows for k in r.fields} - named)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*FIRST_COLUMNS, *others, *LAST_COLUMNS])
    for row in rows:
        name, _, record = row
        values = {**record.fields, "node": row_node(row), "log_file": name}
        columns = (*FIRST_COLUMNS, *others, *LAST_COLUMNS)
        writer.writerow([_cell(values.get(c)) for c in columns])
    return len(rows)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | dict | list):
        return json.dumps(value, sort_keys=True, separators=(",", ":"))
    text = str(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def export_command(
    directory: Path, since: str, fmt: str, out_path: str | None, err: TextIO = sys.stderr
) -> int:
    """The CLI's `audit export`: records to `out_path` (stdout when None), a count to `err`."""
    try:
        moment = parse_since(since)
        if out_path is None:
            count = export(directory, moment, fmt, sys.stdout)
        else:
            with open(out_path, "w", encoding="utf-8", newline="") as out:
                count = export(directory, moment, fmt, out)
    except (AuditError, OSError) as exc:
        print(f"audit export: {exc}", file=err)
        return 2
    target = out_path or "stdout"
    print(f"exported {count} records since {moment:%Y-%m-%dT%H:%M:%SZ} to {target}", file=err)
    return 0
