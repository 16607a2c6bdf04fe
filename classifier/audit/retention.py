"""Retention: delete log files older than the retention period, and only verified ones.

Each node retains its own chain (the writer's `node`): its record goes into that chain. The
chain is verified first. Files are then deleted oldest first while each is past the
period, is not the newest file (the chain head lives there), and neither it nor the file after
it has any problem; the first file that fails stops the walk, so no hole is ever cut into the
chain. A trail-wide problem (a stray file, a bad checkpoint) deletes nothing. Before deleting,
an `audit.retention_deleted` record lists each file with its sequence range and the hash of its
last record, so that verify still accepts a chain that now starts after seq 1, and still
catches a file deleted by anyone else. HIPAA asks for six years (2190 days, the default).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from classifier.audit.format import file_key, fsync_dir, utc_timestamp
from classifier.audit.log import AuditLog
from classifier.audit.verify_chain import RETENTION_EVENT, FileSummary, verify_chain
from classifier.errors import AuditError


@dataclass
class RetentionResult:
    deleted: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (file, why), expired only


def apply_retention(
    log: AuditLog, days: int, now: dt.datetime | None = None, dry_run: bool = False
) -> RetentionResult:
    result = RetentionResult()
    if days <= 0:
        return result
    cutoff = utc_timestamp((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days))
    report = verify_chain(log.directory, log.keys, log.checkpoint_every, log.node)
    damaged = report.problem_files()
    trail_wide = [p for p in report.problems if p.file is None]
    expired: list[FileSummary] = []
    files = report.files
    for i, summary in enumerate(files[:-1]):
        if _newest_time(summary) >= cutoff:
            break
        if trail_wide:
            why = f"trail does not verify ({trail_wide[0]})"
        elif summary.name in damaged or files[i + 1].name in damaged:
            why = "it or the file after it does not verify"
        else:
            expired.append(summary)
            continue
        result.kept += [(s.name, why) for s in files[i:-1] if _newest_time(s) < cutoff]
        break
    if dry_run or not expired:
        result.deleted = [s.name for s in expired] if dry_run else []
        return result
    log.record(
        RETENTION_EVENT,
        outcome="success",
        retention_days=days,
        deleted=[_entry(log.directory / s.name, s) for s in expired],
    )
    for summary in expired:
        (log.directory / summary.name).unlink()
        result.deleted.append(summary.name)
    fsync_dir(log.directory)
    return result


def _newest_time(summary: FileSummary) -> str:
    """The time of a file's last record; for an empty file, the end of its day."""
    if summary.last_time:
        return summary.last_time
    day = (file_key(summary.name) or ("00010101", 0))[0]
    return f"{day[:4]}-{day[4:6]}-{day[6:]}T23:59:59.999999Z"


def _entry(path: Path, summary: FileSummary) -> dict[str, object]:
    return {
        "file": summary.name,
        "records": summary.records,
        "first_seq": summary.first_seq,
        "last_seq": summary.last_seq,
        "last_hash": summary.last_hash,
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }


def retain_command(log: AuditLog, days: int, dry_run: bool, out: TextIO = sys.stdout) -> int:
    """The CLI's `audit retain`: what was deleted, what was kept and why."""
    try:
        result = apply_retention(log, days, dry_run=dry_run)
    except (AuditError, OSError) as exc:
        print(f"audit retain: {exc}", file=out)
        return 2
    verb = "would delete" if dry_run else "deleted"
    for name in result.deleted:
        print(f"{verb} {name}", file=out)
    for name, why in result.kept:
        print(f"kept {name}: {why}", file=out)
    done = "would be deleted" if dry_run else "deleted"
    print(
        f"retention {days} days: {len(result.deleted)} expired files {done}, "
        f"{len(result.kept)} kept because they do not verify",
        file=out,
    )
    return 1 if result.kept else 0
