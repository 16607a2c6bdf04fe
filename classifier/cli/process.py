"""`classifier process FILE... --out DIR`: each file through the pipeline; a redacted copy and
`<name>.json` per file. A file that fails (any error, expected or not) is quarantined and
audited by the pipeline, and the run goes on; the exit status is 1 if any file was."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from classifier.cli.options import add_service_options, pipeline_of

if TYPE_CHECKING:  # imported by the parser before the process is secured: nothing heavy
    from classifier.pipeline import Pipeline


def run(args: argparse.Namespace) -> int:
    pipeline = pipeline_of(args)
    try:
        return _process_files(pipeline, args.files, Path(args.out))
    finally:  # a signed checkpoint over the last record, as at the end of a batch
        pipeline.audit.close()


def _process_files(pipeline: Pipeline, files: list[str], out: Path) -> int:
    from classifier.document import Result
    from classifier.stages.emit import write_result

    failed = 0
    for name in files:
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as exc:  # not a document yet: nothing to quarantine
            print(f"{name}: cannot read ({exc.strerror})", file=sys.stderr)
            failed += 1
            continue
        outcome = pipeline.process_bytes(content, path.name, source="cli")  # never raises
        write_result(outcome, out)
        if isinstance(outcome, Result):
            print(
                f"{path.name}\t{outcome.label}\t{outcome.confidence:.3f}\t{outcome.action}"
                f"\t{len(outcome.findings)} findings"
            )
        else:
            failed += 1
            print(f"{path.name}\tquarantined\t{outcome.reason}")
    return 1 if failed else 0


def register(sub: Any) -> None:
    p = sub.add_parser("process", help="process files; write redacted copies and results")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--out", required=True, metavar="DIR")
    add_service_options(p)
    p.set_defaults(handler=run)
