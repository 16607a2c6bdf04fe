"""`classifier batch`: JSONL in, one result line out per input line, in the same order."""

from __future__ import annotations

import argparse
import json
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
from classifier.errors import CorruptDocument
from classifier.stages import ingest

if TYPE_CHECKING:  # imported by the parser before the process is secured: nothing heavy
    from classifier.pipeline import Pipeline

SOURCE = "batch"
MALFORMED_REASON = CorruptDocument.reason  # a line that is not {"id": ..., "text": "..."}


def _parse(line: str, n: int) -> tuple[str, str | None, str | None]:
    """(id, text, error) for one input line."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return f"line-{n}", None, f"line {n}: not valid JSON"
    if not isinstance(row, dict):
        return f"line-{n}", None, f"line {n}: not a JSON object"
    doc_id = row.get("id")
    doc_id = str(doc_id) if doc_id is not None else f"line-{n}"
    text = row.get("text")
    if not isinstance(text, str):
        return doc_id, None, f"line {n}: 'text' must be a string"
    return doc_id, text, None


def process_line(pipeline: Pipeline, line: str, n: int) -> dict[str, Any]:
    """One output record. Every line ends processed or quarantined with an audit record, a
    malformed one too (its bytes kept in quarantine); the pipeline handles every failure."""
    doc_id, text, error = _parse(line, n)
    if error is not None or text is None:
        return quarantine_line(pipeline, line, n, MALFORMED_REASON, error or "no text")
    return _record(doc_id, pipeline.process_text(text, doc_id=doc_id, source=SOURCE))


def quarantine_line(
    pipeline: Pipeline, line: str, n: int, reason: str, detail: str
) -> dict[str, Any]:
    """The line's bytes kept in quarantine, audited; its error record."""
    doc_id = _parse(line, n)[0]
    document = ingest.ingest_bytes(line.encode("utf-8"), f"line-{n}.jsonl", source=SOURCE)
    return _record(doc_id, pipeline.quarantine(document, doc_id, reason, detail))


def _record(doc_id: str, outcome: Result | Quarantined) -> dict[str, Any]:
    if isinstance(outcome, Result):
        return outcome.as_record()
    return {"id": doc_id, "error": f"{outcome.reason}: {outcome.detail}"}


def lines_of(source: TextIO) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(source, 1):
        if line.strip():
            yield n, line


def count_lines(in_path: Path) -> int:
    with in_path.open(encoding="utf-8") as f:
        return sum(1 for _ in lines_of(f))


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
    with in_path.open(encoding="utf-8") as src:
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
