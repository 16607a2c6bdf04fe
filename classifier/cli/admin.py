"""Administration: `classifier tokens|users|corrections` (access and review state),
`classifier reidentify` (restore encrypted values, audited) and `classifier settings`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from classifier.cli.options import add_settings_option, settings_of
from classifier.settings import describe_settings


def _reidentify(args: argparse.Namespace) -> int:
    from classifier.security.reidentify import reidentify

    settings = settings_of(args)
    restored = reidentify(settings, Path(args.file), actor=args.actor, reason=args.reason)
    sys.stdout.write(restored)
    return 0


def _settings(args: argparse.Namespace) -> int:
    print(describe_settings())
    return 0


def _store(args: argparse.Namespace) -> Any:
    from classifier.service.store import Store

    return Store.from_settings(settings_of(args))


def _token_create(args: argparse.Namespace) -> int:
    from classifier.security.tokens import create_token

    token_id, token = create_token(_store(args), args.role, args.name or "")
    print(f"token {token_id} ({args.role}); shown once, store it now:", file=sys.stderr)
    print(token)
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    return 0 if _store(args).revoke_token(args.id) else 1


def _user_create(args: argparse.Namespace) -> int:
    import getpass

    from classifier.security.access import create_user

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.username}: ")
    create_user(_store(args), args.username, password, args.role)
    print(f"user {args.username} ({args.role}) saved", file=sys.stderr)
    return 0


def _corrections_export(args: argparse.Namespace) -> int:
    from classifier.audit.log import AuditLog
    from classifier.security.vault import Vault
    from classifier.service.documents import export_corrections
    from classifier.service.store import Store

    settings = settings_of(args)
    count = export_corrections(
        Store.from_settings(settings),
        Vault.from_keys_dir(settings.keys_dir),
        AuditLog.from_settings(settings),
        Path(args.out),
        actor=args.actor,
    )
    print(f"{count} labelled examples -> {args.out}", file=sys.stderr)
    return 0


def register(sub: Any) -> None:
    from classifier.security.access import ROLES

    tokens = sub.add_parser("tokens", help="API tokens for records systems").add_subparsers(
        dest="tokens_command", required=True
    )
    p = tokens.add_parser("create", help="create a token (printed once; stored hashed)")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--name", help="what the token is for (recorded with its use)")
    p.set_defaults(handler=_token_create)
    r = tokens.add_parser("revoke", help="revoke a token by id")
    r.add_argument("id", type=int)
    r.set_defaults(handler=_token_revoke)
    users = sub.add_parser("users", help="local accounts for the web UI").add_subparsers(
        dest="users_command", required=True
    )
    u = users.add_parser("create", help="create or update an account (password prompted)")
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=ROLES)
    u.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    u.set_defaults(handler=_user_create)
    corrections = sub.add_parser("corrections", help="reviewers' corrections").add_subparsers(
        dest="corrections_command", required=True
    )
    c = corrections.add_parser("export", help="as JSONL that `classifier train --data` reads")
    c.add_argument("--out", required=True, metavar="FILE")
    c.add_argument("--actor", required=True, help="who exports (recorded in the audit trail)")
    c.set_defaults(handler=_corrections_export)
    add_settings_option(p, r, u, c)
    p = sub.add_parser("reidentify", help="restore encrypt-operator values (audited)")
    p.add_argument("file", help="a redacted text or result JSON holding [[ENC:...]] tokens")
    p.add_argument("--actor", required=True, help="who asks (recorded in the audit trail)")
    p.add_argument("--reason", required=True, help="why (recorded in the audit trail)")
    add_settings_option(p)
    p.set_defaults(handler=_reidentify)
    p = sub.add_parser("settings", help="list the settings, their defaults and meaning")
    p.set_defaults(handler=_settings)
