"""`classifier worker`: a Celery worker for `?wait=false` jobs (broker_url; scale/worker.py)."""

from __future__ import annotations

import argparse
from typing import Any

from classifier.cli.options import add_service_options, settings_of


def run(args: argparse.Namespace) -> int:
    from classifier.scale.worker import worker_command

    return worker_command(settings_of(args))


def register(sub: Any) -> None:
    p = sub.add_parser(
        "worker",
        help="run broker_url tasks (Celery): queued jobs, watched files, pushes; one at a time",
    )
    add_service_options(p)
    p.set_defaults(handler=run)
