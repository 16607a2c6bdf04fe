"""`classifier watch DIR`: the watched folder (classifier/watch/)."""

from __future__ import annotations

import argparse
from typing import Any

from classifier.cli.options import (
    add_service_options,
    add_workers_option,
    settings_of,
    worker_count,
)


def run(args: argparse.Namespace) -> int:
    from classifier.watch.watcher import watch_command

    settings = settings_of(args)
    workers = worker_count(args.workers, settings)
    return watch_command(settings, args.dir or "", once=args.once, workers=workers)


def register(sub: Any) -> None:
    p = sub.add_parser("watch", help="process files dropped in DIR/inbox, each exactly once")
    p.add_argument("dir", nargs="?", metavar="DIR", help="watched folder (default: watch_dir)")
    p.add_argument("--once", action="store_true", help="process what is there, then exit")
    add_workers_option(p)
    add_service_options(p)
    p.set_defaults(handler=run)
