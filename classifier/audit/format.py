"""The on-disk format of the audit trail, shared by the writer, the verifier and the exporter.

Files: `audit-<node>-YYYYMMDD-NNN.jsonl` (the writing machine's `node_id`, the UTC day, then a
part number from 001 when a day's file reaches the size limit), read in (day, part) order, plus
`checkpoints-<node>.jsonl`: one chain per node, so machines sharing the folder never write into
one chain. A trail written before node ids (`audit-YYYYMMDD-NNN.jsonl`, `checkpoints.jsonl`) is
the chain of node "" and is read and verified as before.

A record is one line: a JSON object whose keys are `seq`, `time`, `event`, the caller's fields
and `prev` (sha256 of the previous record's whole line), closed by an HMAC over every byte
before it:

    {"seq":7,"time":"2026-01-02T03:04:05.000006Z","event":"document.processed",...,
     "prev":"<64 hex>","hmac":"<64 hex>"}

The HMAC covers the exact bytes `{...,"prev":"…"}`, the line with its `,"hmac":"…"` trailer
cut out, so checking it never depends on re-serialising JSON. Checkpoints end the same way
with an Ed25519 signature, `,"sig":"<128 hex>"}`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.errors import AuditError
from classifier.settings import NODE_ID

GENESIS = "0" * 64
CHECKPOINTS = "checkpoints.jsonl"
LOCK_NAME = ".lock"
RESERVED = frozenset({"seq", "time", "event", "node", "prev", "hmac"})
NODE_PATTERN = NODE_ID.pattern
LEGACY = ""  # the node of a trail written before node ids: no node in its file names

_FILE_RE = re.compile(rf"audit-(?:({NODE_PATTERN})-)?(\d{{8}})-(\d{{3,}})\.jsonl")
_CHECKPOINTS_RE = re.compile(rf"checkpoints(?:-({NODE_PATTERN}))?\.jsonl")
_TRAILERS = {
    "hmac": re.compile(rb',"hmac":"([0-9a-f]{64})"\}\Z'),
    "sig": re.compile(rb',"sig":"([0-9a-f]{128})"\}\Z'),
}


# nodes and files ----------------------------------------------------------------------------
def check_node(node: str) -> str:
    """A node id as file names take it: letters, digits, `.`, `_`, `-`; at most 63."""
    if node != LEGACY and not NODE_ID.fullmatch(node):
        raise AuditError(
            f"node id {node!r}: use letters, digits, '.', '_' or '-' (at most 63, "
            "starting with a letter or digit)"
        )
    return node


def node_label(node: str) -> str:
    return node or "(no node id)"


def file_name(day: dt.date, part: int, node: str = LEGACY) -> str:
    prefix = f"audit-{node}-" if node else "audit-"
    return f"{prefix}{day:%Y%m%d}-{part:03d}.jsonl"


def parse_name(name: str) -> tuple[str, str, int] | None:
    """(node, YYYYMMDD, part) of a log file name; None for any other name."""
    match = _FILE_RE.fullmatch(name)
    return (match[1] or LEGACY, match[2], int(match[3])) if match else None


def file_key(name: str) -> tuple[str, int] | None:
    """(YYYYMMDD, part) of a log file name; None for any other name."""
    parsed = parse_name(name)
    return parsed[1:] if parsed else None


def checkpoints_name(node: str = LEGACY) -> str:
    return f"checkpoints-{node}.jsonl" if node else CHECKPOINTS


def lock_name(node: str = LEGACY) -> str:
    return f"{LOCK_NAME}-{node}" if node else LOCK_NAME


def log_files(directory: Path, node: str | None = None) -> list[Path]:
    """The log files of one node's chain in chain order (not plain name order: part 1000 >
    999); `node` None: every chain's, chain after chain (the legacy one first)."""
    named = [(key, p) for p in directory.glob("audit-*.jsonl") if (key := parse_name(p.name))]
    return [p for key, p in sorted(named) if node is None or key[0] == node]


def nodes(directory: Path) -> list[str]:
    """The chains in a trail folder, by node id ("" the legacy chain): every node that has a
    log file or a checkpoint file there (a node whose logs were all deleted still counts)."""
    found = {key[0] for p in directory.glob("audit-*.jsonl") if (key := parse_name(p.name))}
    for path in directory.glob("checkpoints*.jsonl"):
        match = _CHECKPOINTS_RE.fullmatch(path.name)
        if match:
            found.add(match[1] or LEGACY)
    return sorted(found)


def stray_files(directory: Path) -> list[Path]:
    """`audit-*.jsonl` files whose name is not one the writer gives: renamed or planted."""
    return sorted(p for p in directory.glob("audit-*.jsonl") if file_key(p.name) is None)


def fsync_dir(directory: Path) -> None:
    """Make a created or removed file name durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def utc_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


# lines --------------------------------------------------------------------------------------
def line_hash(line: bytes) -> str:
    """The chain hash of a line, without its newline."""
    return hashlib.sha256(line).hexdigest()


def seal(body: dict[str, Any], trailer: str, make: Callable[[bytes], str]) -> bytes:
    """`body` as compact JSON closed by `,"<trailer>":"<make(json)>"}` (no newline)."""
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()
    return text[:-1] + f',"{trailer}":"{make(text)}"}}'.encode()


def split_trailer(line: bytes, trailer: str) -> tuple[bytes, str] | None:
    """(the bytes the trailer covers, the trailer's value), or None if there is none."""
    match = _TRAILERS[trailer].search(line)
    if match is None:
        return None
    return line[: match.start()] + b"}", match[1].decode()


@dataclass(frozen=True)
class Record:
    """A line that has the shape of a record; whether its HMAC holds is checked apart."""

    fields: dict[str, Any]
    body: bytes
    mac: str

    @property
    def seq(self) -> int:
        return int(self.fields["seq"])

    @property
    def prev(self) -> str:
        return str(self.fields["prev"])


def parse_record(line: bytes) -> Record | None:
    split = split_trailer(line, "hmac")
    if split is None:
        return None
    body, mac = split
    try:
        fields = json.loads(line)
    except ValueError:
        return None
    if not (
        isinstance(fields, dict)
        and type(fields.get("seq")) is int
        and isinstance(fields.get("prev"), str)
        and isinstance(fields.get("time"), str)
        and isinstance(fields.get("event"), str)
    ):
        return None
    return Record(fields, body, mac)


@dataclass(frozen=True)
class Line:
    offset: int  # byte offset of the line's start in its file
    data: bytes  # without the newline
    terminated: bool  # False only for a last line cut short (a torn write)


def iter_lines(path: Path) -> Iterator[Line]:
    offset = 0
    with path.open("rb") as f:
        for raw in f:
            terminated = raw.endswith(b"\n")
            yield Line(offset, raw[:-1] if terminated else raw, terminated)
            offset += len(raw)


# reading every chain ------------------------------------------------------------------------
Row = tuple[str, bytes, Record]  # (log file name, line without its newline, record)


def chain_records(directory: Path, node: str, first_day: str = "") -> Iterator[Row]:
    """One node's intact records in chain order, from files named for `first_day` on."""
    for path in log_files(directory, node):
        key = file_key(path.name)
        if first_day and key is not None and key[0] < first_day:
            continue  # a file named for a day holds nothing later than that day
        for line in iter_lines(path):
            record = parse_record(line.data)
            if record is not None:
                yield path.name, line.data, record


def merged_records(directory: Path, first_day: str = "") -> Iterator[Row]:
    """Every node's intact records in time order: records of the same microsecond by node id,
    and a node's own records always in its chain's order (heapq.merge never reorders one
    input, so a clock stepped back on one node moves none of its records)."""
    chains = [chain_records(directory, node, first_day) for node in nodes(directory)]
    return heapq.merge(*chains, key=lambda row: str(row[2].fields["time"]))


def row_node(row: Row) -> str:
    """The node a row was read from, by its file's name (what export prints beside it)."""
    parsed = parse_name(row[0])
    return parsed[0] if parsed else LEGACY
