"""The on-disk format of the audit trail, shared by the writer, the verifier and the exporter.

Files: `audit-YYYYMMDD-NNN.jsonl` (UTC day, then a part number from 001 when a day's file
reaches the size limit), read in (day, part) order, plus `checkpoints.jsonl`.

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
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
CHECKPOINTS = "checkpoints.jsonl"
LOCK_NAME = ".lock"
RESERVED = frozenset({"seq", "time", "event", "prev", "hmac"})

_FILE_RE = re.compile(r"audit-(\d{8})-(\d{3,})\.jsonl")
_TRAILERS = {
    "hmac": re.compile(rb',"hmac":"([0-9a-f]{64})"\}\Z'),
    "sig": re.compile(rb',"sig":"([0-9a-f]{128})"\}\Z'),
}


# files --------------------------------------------------------------------------------------
def file_name(day: dt.date, part: int) -> str:
    return f"audit-{day:%Y%m%d}-{part:03d}.jsonl"


def file_key(name: str) -> tuple[str, int] | None:
    """(YYYYMMDD, part) of a log file name; None for any other name."""
    match = _FILE_RE.fullmatch(name)
    return (match[1], int(match[2])) if match else None


def log_files(directory: Path) -> list[Path]:
    """The log files of a trail in chain order (not plain name order: part 1000 > 999)."""
    named = [(key, p) for p in directory.glob("audit-*.jsonl") if (key := file_key(p.name))]
    return [p for _, p in sorted(named)]


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
