"""`classifier policy check|explain`: validate a policy; say which rules fire for a document."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from classifier.cli.options import pipeline_of


def check(args: argparse.Namespace) -> int:
    from classifier.policy.explain import describe
    from classifier.policy.rules import load_policy

    print("\n".join(describe(load_policy(args.file))))
    return 0


def explain(args: argparse.Namespace) -> int:
    from classifier.policy.explain import explain

    args.policy = args.file
    print("\n".join(explain(pipeline_of(args), Path(args.doc))))
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("policy", help="policy tools")
    psub = p.add_subparsers(dest="policy_command", required=True)
    pc = psub.add_parser("check", help="validate a policy file and list its rules")
    pc.add_argument("file")
    pc.set_defaults(handler=check)
    pe = psub.add_parser("explain", help="which rules fire for one document, and why")
    pe.add_argument("file", help="policy YAML file")
    pe.add_argument("--doc", required=True, help="the document to explain")
    pe.add_argument("--settings", help="TOML settings file")
    pe.add_argument("--model", help="model directory name under models/")
    pe.set_defaults(handler=explain)
