"""`classifier worker`: a Celery worker for `?wait=false` jobs (broker_url; scale/jobs.py)."""

from __future__ import annotations

import argparse
from typing import Any

from classifier.cli.options import add_service_options, settings_of


def run(args: argparse.Namespace) -> int:
    from classifier.scale.jobs import worker_command

    return worker_command(settings_of(args))


def register(sub: Any) -> None:
    p = sub.add_parser("worker", help="process queued jobs from broker_url (Celery), one at a time")
    add_service_options(p)
    p.set_defaults(handler=run)
