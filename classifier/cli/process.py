"""`classifier process FILE... --out DIR`: each file through the pipeline; a redacted copy and
`<name>.json` per file. A file that fails (any error, expected or not) is quarantined and
audited by the pipeline, and the run goes on; the exit status is 1 if any file was."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from classifier.cli.options import add_service_options, pipeline_of


def run(args: argparse.Namespace) -> int:
    from classifier.document import Result
    from classifier.stages.emit import write_result

    pipeline = pipeline_of(args)
    out = Path(args.out)
    failed = 0
    for name in args.files:
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
