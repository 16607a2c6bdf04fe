"""`classifier watch DIR`: the watched folder (classifier/watch/)."""

from __future__ import annotations

import argparse
from typing import Any

from classifier.cli.options import add_service_options, settings_of


def run(args: argparse.Namespace) -> int:
    from classifier.watch.watcher import watch_command

    return watch_command(settings_of(args), args.dir or "", once=args.once)


def register(sub: Any) -> None:
    p = sub.add_parser("watch", help="process files dropped in DIR/inbox, each exactly once")
    p.add_argument("dir", nargs="?", metavar="DIR", help="watched folder (default: watch_dir)")
    p.add_argument("--once", action="store_true", help="process what is there, then exit")
    add_service_options(p)
    p.set_defaults(handler=run)
