"""Administration: `classifier tokens|users|corrections` (access and review state),
`classifier reidentify` (restore encrypted values, audited) and `classifier settings`.

Every token and account change goes through `classifier.security.accounts`, which audits it
with the operating-system account running the command as the actor."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from classifier.cli.options import add_settings_option, settings_of
from classifier.settings import describe_settings


def _read_secret(args: argparse.Namespace, prompt: str) -> str:
    """A password or token from stdin (`--password-stdin`, `--token-stdin`) or prompted."""
    import getpass

    if args.password_stdin or getattr(args, "token_stdin", False):
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def _reidentify(args: argparse.Namespace) -> int:
    from classifier.security import accounts
    from classifier.security.reidentify import reidentify

    with _access(args) as (store, audit, throttle):
        if args.token_stdin:
            principal = accounts.operator(
                store, audit, throttle, "reidentify", token=_read_secret(args, "token: ")
            )
        else:
            password = _read_secret(args, f"password for {args.operator}: ")
            credentials = (args.operator, password)
            principal = accounts.operator(
                store, audit, throttle, "reidentify", credentials=credentials
            )
        restored = reidentify(
            settings_of(args), Path(args.file), principal, reason=args.reason, audit=audit
        )
    sys.stdout.write(restored)
    return 0


def _settings(args: argparse.Namespace) -> int:
    print(describe_settings())
    return 0


@contextmanager
def _access(args: argparse.Namespace) -> Iterator[tuple[Any, Any, Any]]:
    """(state database, audit trail, login throttle) of these settings; the trail is closed
    at the end (a signed checkpoint over the command's last record)."""
    from classifier.audit.log import AuditLog
    from classifier.security.keys import identity_key
    from classifier.security.throttle import LoginThrottle
    from classifier.service.store import Store

    settings = settings_of(args)
    store = Store.from_settings(settings)
    key = identity_key(settings.keys_dir)
    throttle = LoginThrottle.from_settings(store, key, settings)
    audit = AuditLog.from_settings(settings)
    try:
        yield store, audit, throttle
    finally:
        audit.close()


def _token_create(args: argparse.Namespace) -> int:
    from classifier.security.accounts import issue_token, local_operator

    with _access(args) as (store, audit, _):
        token_id, token = issue_token(store, audit, local_operator(), args.role, args.name or "")
    print(f"token {token_id} ({args.role}); shown once, store it now:", file=sys.stderr)
    print(token)
    return 0


def _token_revoke(args: argparse.Namespace) -> int:
    from classifier.security.accounts import local_operator, revoke_token

    with _access(args) as (store, audit, _):
        return 0 if revoke_token(store, audit, local_operator(), args.id) else 1


def _user_create(args: argparse.Namespace) -> int:
    from classifier.security.accounts import local_operator, save_user

    password = _read_secret(args, f"password for {args.username}: ")
    with _access(args) as (store, audit, _):
        save_user(store, audit, local_operator(), args.username, password, args.role)
    print(f"user {args.username} ({args.role}) saved", file=sys.stderr)
    return 0


def _user_disable(args: argparse.Namespace) -> int:
    from classifier.security.accounts import local_operator, set_user_disabled

    disable = args.users_command == "disable"
    with _access(args) as (store, audit, _):
        set_user_disabled(store, audit, local_operator(), args.username, disable)
    print(f"user {args.username} {args.users_command}d", file=sys.stderr)
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
    switches = []
    for verb, meaning in (("disable", "refuse its logins, end its sessions"), ("enable", "")):
        d = users.add_parser(verb, help=f"{verb} an account" + (f": {meaning}" if meaning else ""))
        d.add_argument("username")
        d.set_defaults(handler=_user_disable)
        switches.append(d)
    corrections = sub.add_parser("corrections", help="reviewers' corrections").add_subparsers(
        dest="corrections_command", required=True
    )
    c = corrections.add_parser("export", help="as JSONL that `classifier train --data` reads")
    c.add_argument("--out", required=True, metavar="FILE")
    c.add_argument("--actor", required=True, help="who exports (recorded in the audit trail)")
    c.set_defaults(handler=_corrections_export)
    add_settings_option(p, r, u, c, *switches)
    p = sub.add_parser("reidentify", help="restore encrypt-operator values (audited)")
    p.add_argument("file", help="a redacted text or result JSON holding [[ENC:...]] tokens")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--operator", help="your account (reviewer or admin); password prompted")
    who.add_argument("--token-stdin", action="store_true", help="read an API token from stdin")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--reason", required=True, help="why (recorded in the audit trail)")
    add_settings_option(p)
    p.set_defaults(handler=_reidentify)
    p = sub.add_parser("settings", help="list the settings, their defaults and meaning")
    p.set_defaults(handler=_settings)
