"""`classifier audit verify|export|retain`: the tamper-evident audit trail (classifier/audit/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from classifier.cli.options import settings_of
from classifier.settings import Settings


def register(sub: Any) -> None:
    p = sub.add_parser("audit", help="verify, export or prune the tamper-evident audit trail")
    asub = p.add_subparsers(dest="audit_command", required=True)

    def log_dir(args: argparse.Namespace) -> tuple[Settings, Path]:
        settings = settings_of(args)
        return settings, Path(args.dir or settings.audit_dir)

    def verify(args: argparse.Namespace) -> int:
        from classifier.audit.log import key_dir_for
        from classifier.audit.verify import verify_command

        settings, directory = log_dir(args)
        key_dir = Path(args.key_dir) if args.key_dir else key_dir_for(settings)
        return verify_command(directory, key_dir, settings.audit_checkpoint_every, sys.stdout)

    def export(args: argparse.Namespace) -> int:
        from classifier.audit.export import export_command

        return export_command(log_dir(args)[1], args.since, args.format, args.out)

    def retain(args: argparse.Namespace) -> int:
        from classifier.audit.log import AuditLog
        from classifier.audit.retention import retain_command

        settings, directory = log_dir(args)
        log = AuditLog.from_settings(settings, directory=directory, node=args.node)
        days = settings.audit_retention_days if args.days is None else args.days
        return retain_command(log, days, args.dry_run)

    v = asub.add_parser("verify", help="check every record and checkpoint; non-zero if altered")
    v.add_argument("--key-dir", help="audit keys (default: audit_key_dir, or <data_dir>/keys)")
    v.set_defaults(handler=verify)
    e = asub.add_parser("export", help="records since a date, as CSV or JSON lines")
    e.add_argument("--since", required=True, metavar="DATE", help="YYYY-MM-DD or ISO time (UTC)")
    e.add_argument("--format", required=True, choices=("csv", "jsonl"))
    e.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    e.set_defaults(handler=export)
    r = asub.add_parser("retain", help="delete verified files older than the retention period")
    r.add_argument("--days", type=int, help="retention in days (default: audit_retention_days)")
    r.add_argument("--dry-run", action="store_true", help="list what would be deleted")
    r.add_argument(
        "--node",
        help="prune this node's chain instead of this machine's (node_id): a retired machine's, "
        "or '' for the chain written before node ids",
    )
    r.set_defaults(handler=retain)
    for command in (v, e, r):
        command.add_argument("--dir", metavar="DIR", help="audit folder (default: audit_dir)")
        command.add_argument("--settings", help="TOML settings file")
