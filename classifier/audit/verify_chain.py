"""One node's chain of the audit trail: prove it is whole, or say where and how it is not
(`verify.py` runs this over every node's chain in the folder).

One streaming pass over the chain's log files in chain order checks every record's HMAC, that
sequence numbers rise by one, that each record names the hash of the one before, that no record is
dated after the day its file is named for, and that each signed checkpoint matches the record
it covers. Problem kinds:

    hmac        the record's HMAC does not hold: modified, or forged without the key
    missing     sequence numbers skipped: records or whole files deleted, or the end cut off
    order       a sequence number repeats or goes back: reordered or replayed records
    chain       `prev` does not match the record before it
    corrupt     a line that is not a record, and not a recorded crash either
    file        a log file with an unexpected name, dated records in the wrong file, or
                records of another node (files moved between nodes' chains)
    checkpoint  a checkpoint whose signature fails, or that disagrees with the log
    torn        the last line was cut short by a crash and no writer has recorded it yet

A torn line that a later writer recorded (`audit.torn_record_detected`) is a note, not a
problem. Exit status: 0 clean, 1 problems, 3 only an unrecorded torn last line.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from classifier.audit.format import (
    GENESIS,
    LEGACY,
    Line,
    Record,
    checkpoints_name,
    file_key,
    iter_lines,
    line_hash,
    log_files,
    node_label,
    parse_record,
    split_trailer,
    stray_files,
)
from classifier.audit.keys import AuditKeys
from classifier.audit.log import TORN_EVENT

RETENTION_EVENT = "audit.retention_deleted"


@dataclass(frozen=True)
class Problem:
    kind: str
    where: str
    message: str
    file: str | None = None  # the log file it concerns, if one

    def __str__(self) -> str:
        return f"{self.where}: {self.kind}: {self.message}"


@dataclass
class FileSummary:
    name: str
    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    last_hash: str | None = None
    last_time: str | None = None


@dataclass
class Report:
    node: str = LEGACY  # the chain's node id ("": the legacy chain)
    files: list[FileSummary] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    checkpoints: int = 0
    checkpoint_seq: int = 0  # the newest signed checkpoint: the record it covers
    checkpoint_time: str = ""  # and when it was signed (UTC, ISO 8601)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def exit_code(self) -> int:
        return exit_status(self.problems)

    def problem_files(self) -> set[str]:
        return {p.file for p in self.problems if p.file}

    def summary(self) -> str:
        span = f"seq {self.first_seq}-{self.last_seq}, " if self.records else ""
        where = f"{plural(self.records, 'record')} ({span}{plural(len(self.files), 'file')})"
        if self.ok:
            signed = plural(self.checkpoints, "signed checkpoint")
            verb = "matches" if self.checkpoints == 1 else "match"
            return f"OK: {where}, chain and HMACs intact, {signed} {verb}"
        kinds = sorted({p.kind for p in self.problems})
        return f"FAILED: {plural(len(self.problems), 'problem')} ({', '.join(kinds)}) in {where}"

    def lines(self) -> list[str]:
        return [*map(str, self.problems), *self.notes, self.summary()]

    def freshness(self, now: dt.datetime | None = None) -> str:
        """How much of the tail the newest checkpoint covers: records after it could be cut
        off without a trace until the next one is signed."""
        if not self.checkpoint_seq:
            return f"no signed checkpoint yet; {plural(self.records, 'record')} not covered"
        after = max((self.last_seq or 0) - self.checkpoint_seq, 0)
        now = now or dt.datetime.now(dt.UTC)
        try:
            signed = dt.datetime.fromisoformat(self.checkpoint_time.replace("Z", "+00:00"))
            age = f"{max((now - signed).total_seconds(), 0.0):.0f} s ago"
        except ValueError:
            age = "at an unreadable time"
        tail = "the whole trail is covered" if not after else "not covered yet"
        return (
            f"last signed checkpoint: seq {self.checkpoint_seq}, {age}; "
            f"{plural(after, 'record')} after it ({tail})"
        )


def exit_status(problems: list[Problem]) -> int:
    """0 clean, 3 only unrecorded torn last lines (a crash), 1 any other problem."""
    if not problems:
        return 0
    return 3 if all(p.kind == "torn" for p in problems) else 1


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(frozen=True)
class _Checkpoint:
    line_no: int
    seq: int
    head: str
    file: str
    every: int
    time: str = ""


@dataclass(frozen=True)
class _BadLine:
    file: str
    line_no: int
    line: Line


class _Verifier:
    def __init__(self, directory: Path, keys: AuditKeys, checkpoint_every: int, node: str):
        self.directory = directory
        self.keys = keys
        self.every = checkpoint_every
        self.node = node
        self.cp_name = checkpoints_name(node)
        self.report = Report(node)
        self.checkpoints: dict[int, _Checkpoint] = {}
        self.matched: set[int] = set()
        self.prev_hash: str | None = None  # hash of the last line shaped like a record
        self.flagged = False  # that record had a problem: do not cascade onto the next
        self.displaced: tuple[int, int, int] | None = None  # (problem index, first, last seq)
        self.gaps: list[tuple[int, int]] = []
        self.prev_seq = 0  # of the record just before, wherever it belongs
        self.pending: list[_BadLine] = []  # lines since then that are not records
        self.first: tuple[str, int, Record] | None = None
        self.deleted: list[dict[str, Any]] = []  # files retention says it removed

    def problem(self, kind: str, where: str, message: str, file: str | None = None) -> None:
        self.report.problems.append(Problem(kind, where, message, file))

    # the pass ---------------------------------------------------------------------------
    def run(self, strays: bool) -> Report:
        self.load_checkpoints()
        if strays:
            self.report.problems += stray_problems(self.directory)
        for path in log_files(self.directory, self.node):
            self.check_file(path)
        self.finish()
        return self.report

    def load_checkpoints(self) -> None:
        path = self.directory / self.cp_name
        if not path.exists():
            return
        last = 0
        for n, line in enumerate(iter_lines(path), 1):
            where = f"{self.cp_name}:{n}"
            split = split_trailer(line.data, "sig")
            if split is None:
                self.report.notes.append(f"{where}: unreadable line ignored (a torn write)")
                continue
            body, signature = split
            try:
                data = json.loads(body)
                cp = _Checkpoint(
                    n,
                    int(data["seq"]),
                    str(data["head"]),
                    str(data["file"]),
                    int(data["every"]),
                    str(data.get("time", "")),
                )
                key_id, node = str(data["key_id"]), str(data.get("node", LEGACY))
            except (ValueError, KeyError, TypeError):
                self.problem("checkpoint", where, "signed line is not a checkpoint")
                continue
            if node != self.node:
                self.problem(
                    "checkpoint",
                    where,
                    f"signed for node {node_label(node)}, not {node_label(self.node)} "
                    "(checkpoints moved between nodes)",
                )
            elif key_id != self.keys.key_id:
                self.problem(
                    "checkpoint",
                    where,
                    f"signed by key {key_id}, not by the audit key {self.keys.key_id}",
                )
            elif not self.keys.signature_ok(body, signature):
                self.problem("checkpoint", where, "signature does not verify (altered or forged)")
            elif cp.seq <= last:
                self.problem("checkpoint", where, f"seq {cp.seq} after seq {last} (reordered)")
            else:
                self.checkpoints[cp.seq] = cp
                self.every, last = cp.every, cp.seq

    def check_file(self, path: Path) -> None:
        summary = FileSummary(path.name)
        self.report.files.append(summary)
        day = (file_key(path.name) or ("", 0))[0]
        misdated = foreign = False
        for n, line in enumerate(iter_lines(path), 1):
            record = parse_record(line.data)
            if record is None:
                self.pending.append(_BadLine(path.name, n, line))
                continue
            if not line.terminated:
                self.report.notes.append(
                    f"{path.name}:{n}: the last record lacks its newline (a crash just after "
                    "writing it); the next write adds it"
                )
            self.check_record(path.name, n, line.data, record, summary)
            node = str(record.fields.get("node", LEGACY))
            if node != self.node and not foreign:
                foreign = True
                self.problem(
                    "file",
                    f"{path.name}:{n} (seq {record.seq})",
                    f"record of node {node_label(node)} in the chain of {node_label(self.node)} "
                    "(files moved between nodes?)",
                    path.name,
                )
            date = str(record.fields["time"])[:10].replace("-", "")
            if date > day and not misdated:
                misdated = True
                self.problem(
                    "file",
                    f"{path.name}:{n} (seq {record.seq})",
                    f"record dated {date} in the file for {day} (files renamed or swapped?)",
                    path.name,
                )

    def check_record(
        self, name: str, n: int, line: bytes, record: Record, summary: FileSummary
    ) -> None:
        where = f"{name}:{n} (seq {record.seq})"
        self.resolve_pending(record)
        if not self.keys.mac_ok(record.body, record.mac):
            self.problem(
                "hmac", where, "HMAC mismatch: record modified, or forged without the key", name
            )
            self.prev_hash, self.flagged = line_hash(line), True
            return
        seq, last = record.seq, self.report.last_seq
        flagged, self.flagged = self.flagged, False
        if last is None:
            self.first = (name, n, record)
            self.report.first_seq = seq
        elif seq == last + 1:
            if not flagged and record.prev != self.prev_hash:
                self.problem(
                    "chain", where, "prev does not match the record before it (replaced?)", name
                )
        elif seq > last + 1:
            if not flagged:
                self.gaps.append((last + 1, seq - 1))
                gap = f"seq {last + 1}" if seq == last + 2 else f"seq {last + 1}-{seq - 1}"
                cause = (
                    "a file deleted or truncated before this one"
                    if n == 1
                    else "records deleted here, or moved"
                )
                self.problem("missing", where, f"{gap} missing ({cause})", name)
        else:
            self.out_of_order(where, name, seq, last)
            self.flagged = True
        self.check_checkpoint(where, name, seq, line)
        if record.fields["event"] == RETENTION_EVENT:
            self.deleted += [d for d in record.fields.get("deleted", []) if isinstance(d, dict)]
        self.prev_hash, self.prev_seq = line_hash(line), seq
        self.report.records += 1
        self.report.last_seq = seq if last is None else max(last, seq)
        summary.records += 1
        summary.first_seq = summary.first_seq or seq
        summary.last_seq, summary.last_hash = seq, self.prev_hash
        summary.last_time = str(record.fields["time"])

    def out_of_order(self, where: str, name: str, seq: int, last: int) -> None:
        """One problem per run of displaced records (a swapped file is one run, not many)."""
        run = self.displaced
        if run is not None and seq == run[2] + 1 == self.prev_seq + 1:
            index, first, _ = run
            old = self.report.problems[index]
            message = f"seq {first}-{seq} after seq {last} (reordered or replayed)"
            self.report.problems[index] = Problem(old.kind, old.where, message, old.file)
            self.displaced = (index, first, seq)
            return
        self.problem("order", where, f"seq {seq} after seq {last} (reordered or replayed)", name)
        self.displaced = (len(self.report.problems) - 1, seq, seq)

    def check_checkpoint(self, where: str, name: str, seq: int, line: bytes) -> None:
        cp = self.checkpoints.get(seq)
        if cp is None or seq in self.matched:
            return
        self.matched.add(seq)
        if cp.head != line_hash(line) or cp.file != name:
            self.problem(
                "checkpoint",
                where,
                f"does not match the checkpoint at {self.cp_name}:{cp.line_no} "
                f"(signed over {cp.file}): the log was altered after it was signed",
                name,
            )
        else:
            self.report.checkpoints += 1

    def resolve_pending(self, record: Record | None) -> None:
        """Lines that were not records: a torn write the writer recorded, or a problem."""
        if not self.pending:
            return
        bad, self.pending = self.pending, []
        start, end = bad[0].line, bad[-1].line
        fields = record.fields if record is not None else {}
        recorded = (
            record is not None
            and fields["event"] == TORN_EVENT
            and self.keys.mac_ok(record.body, record.mac)
            and all(b.file == fields.get("file") for b in bad)
            and fields.get("offset") == start.offset
            and fields.get("length") == end.offset + len(end.data) - start.offset
        )
        if recorded and record is not None:
            self.report.notes.append(
                f"{bad[0].file}:{bad[0].line_no}: torn write of {fields['length']} bytes at "
                f"offset {start.offset} (a crash mid-write), recorded by seq {record.seq}"
            )
            return
        if record is None and not end.terminated and all(b.file == bad[-1].file for b in bad):
            # after the last record, and ends without a newline: a crash, not yet recorded
            self.problem(
                "torn",
                f"{bad[0].file}:{bad[0].line_no}",
                f"last {end.offset + len(end.data) - start.offset} bytes at offset "
                f"{start.offset} cut short by a crash; the next write records it",
                bad[0].file,
            )
            return
        for b in bad:
            self.problem("corrupt", f"{b.file}:{b.line_no}", "not a record (inserted?)", b.file)

    def finish(self) -> None:
        self.resolve_pending(None)
        report = self.report
        if self.first is not None:
            name, n, first = self.first
            where = f"{name}:{n} (seq {first.seq})"
            if first.seq == 1 and first.prev != GENESIS:
                self.problem("chain", where, "the first record does not start a chain", name)
            elif first.seq > 1 and not any(
                d.get("last_seq") == first.seq - 1 and d.get("last_hash") == first.prev
                for d in self.deleted
            ):
                self.problem(
                    "missing",
                    where,
                    f"seq 1-{first.seq - 1} missing before the first file, and no retention "
                    "record accounts for them (a file deleted?)",
                    name,
                )
            elif first.seq > 1:
                report.notes.append(f"seq 1-{first.seq - 1} deleted by the retention policy")
        last = report.last_seq or 0
        unmatched = [cp for cp in self.checkpoints.values() if cp.seq not in self.matched]
        beyond = [cp for cp in unmatched if cp.seq > last]
        if beyond:
            cp = max(beyond, key=lambda c: c.seq)
            self.problem(
                "missing",
                f"{self.cp_name}:{cp.line_no}",
                f"a checkpoint covers seq {cp.seq} in {cp.file}, but the trail ends at seq "
                f"{last}: records cut off the end, or a file deleted",
                cp.file,
            )
        for cp in unmatched:
            in_gap = any(a <= cp.seq <= b for a, b in self.gaps)
            if (report.first_seq or 0) <= cp.seq <= last and not in_gap:
                self.problem(
                    "checkpoint",
                    f"{self.cp_name}:{cp.line_no}",
                    f"no intact record with seq {cp.seq} for it to cover",
                    cp.file,
                )
        self.check_last_checkpoint(last)
        if self.checkpoints:
            newest = self.checkpoints[max(self.checkpoints)]
            report.checkpoint_seq, report.checkpoint_time = newest.seq, newest.time

    def check_last_checkpoint(self, last: int) -> None:
        """The newest checkpoint commits to every record before it; it must be there."""
        due = last - last % self.every
        if due and max(self.checkpoints, default=0) < due:
            self.problem(
                "checkpoint",
                self.cp_name,
                f"no checkpoint at or after seq {due} (checkpoints removed, or a crash just "
                "after that record)",
            )


def stray_problems(directory: Path) -> list[Problem]:
    """`audit-*.jsonl` files no writer names so: a problem of the trail, not of one chain."""
    message = "not a log file name the writer gives (renamed?)"
    return [Problem("file", path.name, message) for path in stray_files(directory)]


def verify_chain(
    directory: str | Path,
    keys: AuditKeys,
    checkpoint_every: int = 100,
    node: str = LEGACY,
    strays: bool = True,
) -> Report:
    """One node's chain; `strays`: also report `audit-*.jsonl` names no writer gives."""
    return _Verifier(Path(directory), keys, checkpoint_every, node).run(strays)
