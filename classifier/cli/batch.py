"""`classifier batch`: JSONL in, one result line out per input line, in the same order."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tqdm import tqdm

from classifier.cli.options import add_service_options, pipeline_of
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
    outcome: Result | Quarantined
    if error is not None or text is None:
        document = ingest.ingest_bytes(line.encode("utf-8"), f"line-{n}.jsonl", source=SOURCE)
        outcome = pipeline.quarantine(document, doc_id, MALFORMED_REASON, error or "no text")
    else:
        outcome = pipeline.process_text(text, doc_id=doc_id, source=SOURCE)
    if isinstance(outcome, Result):
        return outcome.as_record()
    return {"id": doc_id, "error": f"{outcome.reason}: {outcome.detail}"}


def _lines(source: TextIO) -> Iterator[tuple[int, str]]:
    for n, line in enumerate(source, 1):
        if line.strip():
            yield n, line


def run_batch(
    pipeline: Pipeline, in_path: Path, out_path: Path, progress: bool = True
) -> tuple[int, int]:
    """Returns (records written, error records)."""
    with in_path.open(encoding="utf-8") as f:
        total = sum(1 for _ in _lines(f))
    written = errors = 0
    with in_path.open(encoding="utf-8") as src, out_path.open("w", encoding="utf-8") as out:
        for n, line in tqdm(_lines(src), total=total, unit="doc", disable=not progress):
            record = process_line(pipeline, line, n)
            errors += "error" in record
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    return written, errors


def run(args: argparse.Namespace) -> int:
    pipeline = pipeline_of(args)
    started = time.perf_counter()
    try:
        written, errors = run_batch(
            pipeline, Path(args.input), Path(args.out), progress=not args.quiet
        )
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
    add_service_options(p)
    p.set_defaults(handler=run)
