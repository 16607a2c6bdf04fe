"""The `classifier` command: builds the parser from one module per command group and runs the
command. The egress guard and the log filter are installed (`classifier.bootstrap`) before any
command runs, so before any library that could call out or log a document is loaded.

    process  cli/process.py      serve     cli/serve.py      audit     cli/audit.py
    batch    cli/batch.py        watch     cli/watch.py      models    cli/models.py
    policy   cli/policy.py       doctor    cli/doctor.py     train...  cli/train.py
    worker   cli/worker.py
    tokens, users, corrections, reidentify, settings          cli/admin.py
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from classifier.cli import (
    admin,
    audit,
    batch,
    doctor,
    models,
    policy,
    process,
    serve,
    train,
    watch,
    worker,
)
from classifier.errors import ConfigError, RequestError
from classifier.settings import load_settings

Handler = Callable[[argparse.Namespace], int]
COMMAND_GROUPS = (process, batch, serve, policy, models, admin, train, watch, doctor, audit, worker)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="classifier", description="process, batch, serve, watch, train, audit, admin"
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        from classifier.bootstrap import secure_process  # before any library loads

        secure_process(load_settings(settings_file=getattr(args, "settings", None)))
        return handler(args)
    except (ConfigError, RequestError) as exc:  # refused: a message, no traceback
        print(f"classifier: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
