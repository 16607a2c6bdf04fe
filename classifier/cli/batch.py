"""`classifier batch`: JSONL in, one result line out per input line, in the same order."""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tqdm import tqdm

from classifier.cli.options import (
    add_service_options,
    add_workers_option,
    pipeline_of,
    settings_of,
    worker_count,
)
from classifier.document import Quarantined, Result
from classifier.errors import UNEXPECTED_REASON, CorruptDocument
from classifier.stages import ingest

if TYPE_CHECKING:  # imported by the parser before the process is secured: nothing heavy
    from classifier.pipeline import Pipeline

SOURCE = "batch"
SAFE_ID = re.compile(r"[A-Za-z0-9._:@/+-]{1,128}")
MALFORMED_REASON = CorruptDocument.reason  # a line that is not {"id": ..., "text": "..."}


def _valid_unicode(text: str) -> str:
    """Lone surrogates (a JSON escape "\\ud800", or bytes that were not UTF-8) as U+FFFD:
    text that can be written, hashed and audited."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


def _parse(line: str, n: int) -> tuple[str, str | None, str | None]:
    """(id, text, error) for one input line."""
    try:
        row = json.loads(line)
    except (ValueError, RecursionError):  # a line nested too deep is no document either
        return f"line-{n}", None, f"line {n}: not valid JSON"
    if not isinstance(row, dict):
        return f"line-{n}", None, f"line {n}: not a JSON object"
    doc_id = row.get("id")
    doc_id = _valid_unicode(str(doc_id)) if doc_id is not None else f"line-{n}"
    text = row.get("text")
    if not isinstance(text, str):
        return doc_id, None, f"line {n}: 'text' must be a string"
    return doc_id, _valid_unicode(text), None


def audit_id(doc_id: str, n: int) -> str:
    """The id the audit trail records: the caller's when it is an id's shape, else the line
    number and a hash of it (a caller may put a name or a number in it: never audited)."""
    if SAFE_ID.fullmatch(doc_id):
        return doc_id
    return f"line-{n}-{hashlib.sha256(doc_id.encode()).hexdigest()[:12]}"


def process_line(pipeline: Pipeline, line: str, n: int) -> dict[str, Any]:
    """One output record. Every line ends processed or quarantined with an audit record, a
    malformed one too (its bytes kept in quarantine); the pipeline handles every failure, and
    a failure outside it quarantines the line rather than ending the run."""
    doc_id, text, error = _parse(line, n)
    if error is not None or text is None:
        return quarantine_line(pipeline, line, n, MALFORMED_REASON, error or "no text")
    try:
        outcome = pipeline.process_text(text, doc_id=audit_id(doc_id, n), source=SOURCE)
    except Exception as exc:
        detail = f"line {n}: {type(exc).__name__}"
        return quarantine_line(pipeline, line, n, UNEXPECTED_REASON, detail)
    return _record(doc_id, outcome)


def quarantine_line(
    pipeline: Pipeline, line: str, n: int, reason: str, detail: str
) -> dict[str, Any]:
    """The line's bytes kept in quarantine, audited; its error record."""
    doc_id = _parse(line, n)[0]
    document = ingest.ingest_bytes(_line_bytes(line), f"line-{n}.jsonl", source=SOURCE)
    return _record(doc_id, pipeline.quarantine(document, audit_id(doc_id, n), reason, detail))


def _line_bytes(line: str) -> bytes:
    """The line as it was read (bytes that were not UTF-8 came in as lone surrogates)."""
    try:
        return line.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return line.encode("utf-8", "replace")


def _record(doc_id: str, outcome: Result | Quarantined) -> dict[str, Any]:
    if isinstance(outcome, Result):
        return {**outcome.as_record(), "id": doc_id}
    return {"id": doc_id, "error": f"{outcome.reason}: {outcome.detail}"}


def lines_of(source: TextIO) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(source, 1):
        if line.strip():
            yield n, line


def count_lines(in_path: Path) -> int:
    with open_lines(in_path) as f:
        return sum(1 for _ in lines_of(f))


def open_lines(in_path: Path) -> TextIO:
    """The input, bytes that are not UTF-8 kept (as lone surrogates) rather than an error."""
    return in_path.open(encoding="utf-8", errors="surrogateescape")


def write_records(
    records: Iterable[dict[str, Any]], out_path: Path, total: int, progress: bool
) -> tuple[int, int]:
    """Write records as they come, in order; returns (records written, error records)."""
    written = errors = 0
    with out_path.open("w", encoding="utf-8") as out:
        for record in tqdm(records, total=total, unit="doc", disable=not progress):
            errors += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written, errors


def run_batch(
    pipeline: Pipeline, in_path: Path, out_path: Path, progress: bool = True
) -> tuple[int, int]:
    """In this process. Returns (records written, error records)."""
    total = count_lines(in_path)
    with open_lines(in_path) as src:
        records = (process_line(pipeline, line, n) for n, line in lines_of(src))
        return write_records(records, out_path, total, progress)


def run(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    from classifier.bootstrap import secure_process
    from classifier.policy.rules import load_policy

    secure_process(settings)
    load_policy(settings.policy)  # a bad policy stops us here, before any worker starts
    in_path, out_path = Path(args.input), Path(args.out)
    workers = min(worker_count(args.workers, settings), max(count_lines(in_path), 1))
    started = time.perf_counter()
    if workers > 1:
        from classifier.cli.batch_workers import run_batch_workers

        written, errors = run_batch_workers(settings, in_path, out_path, workers, not args.quiet)
    else:
        pipeline = pipeline_of(args)
        try:
            written, errors = run_batch(pipeline, in_path, out_path, not args.quiet)
        finally:  # a signed checkpoint over the batch's last record: cutting it off is detected
            pipeline.audit.close()
    seconds = time.perf_counter() - started
    print(f"{written} records ({errors} errors) in {seconds:.1f}s -> {args.out}", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("batch", help="JSONL of {id, text} in, JSONL of results out")
    p.add_argument("input", metavar="IN.jsonl")
    p.add_argument("--out", required=True, metavar="OUT.jsonl")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_workers_option(p)
    add_service_options(p)
    p.set_defaults(handler=run)
