"""`classifier models activate|list|verify|rollback`: the shipped and trained models."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from classifier.cli.options import add_settings_option, settings_of
from classifier.settings import Settings


def activate(settings: Settings, name: str) -> None:
    """Verify `name` and make it the served model; audited."""
    from classifier.audit.log import AuditLog
    from classifier.ml.text_classifier import activate

    previous, current = activate(settings.models_dir, name)
    AuditLog.from_settings(settings).record(
        "model.activated",
        source="cli",
        outcome="success",
        previous=previous,
        current=current,
        actor=os.environ.get("USER", "unknown"),
    )
    print(f"activated {current} (was {previous or 'none'})")


def _activate(args: argparse.Namespace) -> int:
    activate(settings_of(args), args.name)
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import previous_model

    settings = settings_of(args)
    activate(settings, previous_model(settings.models_dir))
    return 0


def _in_use(settings: Settings) -> set[str]:
    from classifier.ml.text_classifier import ACTIVE

    active = Path(settings.models_dir) / ACTIVE
    names = {settings.model or (active.read_text().strip() if active.is_file() else "")}
    return names | {settings.phi_tagger}


def _list(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import list_models

    settings = settings_of(args)
    in_use = _in_use(settings)
    print(f"  {'name':<24} {'kind':<11} {'version':<8} {'MB':>5}  {'validation':<38} files")
    for m in list_models(settings.models_dir):
        mark = "*" if m.name in in_use else " "
        state = "ok" if not m.problem else "MISMATCH"
        print(
            f"{mark} {m.name:<24} {m.kind:<11} {m.version:<8} {m.size_bytes / 2**20:>5.1f}"
            f"  {m.score:<38} {state}"
        )
    print("* in use (models/ACTIVE, or the `model` and `phi_tagger` settings)")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from classifier.ml.text_classifier import list_models

    settings = settings_of(args)
    models = [m for m in list_models(settings.models_dir) if not args.name or m.name in args.name]
    if args.name and len(models) < len(set(args.name)):
        print(f"classifier: no such model under {settings.models_dir}", file=sys.stderr)
        return 2
    for m in models:
        print(f"{m.name}: " + (m.problem or "every file matches the manifest"))
    return 1 if any(m.problem for m in models) else 0


def register(sub: Any) -> None:
    p = sub.add_parser("models", help="model management")
    msub = p.add_subparsers(dest="models_command", required=True)
    ma = msub.add_parser("activate", help="verify a model and make it the served one (audited)")
    ma.add_argument("name", help="model directory name under models/")
    ma.set_defaults(handler=_activate)
    ml = msub.add_parser("list", help="models under models/, verified, the ones in use marked")
    ml.set_defaults(handler=_list)
    mv = msub.add_parser("verify", help="check every file against its manifest (exit 1 if not)")
    mv.add_argument("name", nargs="*", help="model directory names (default: all)")
    mv.set_defaults(handler=_verify)
    mr = msub.add_parser("rollback", help="re-activate the model active before the last one")
    mr.set_defaults(handler=_rollback)
    add_settings_option(ma, ml, mv, mr)
