"""`classifier users|tokens` as the real command: every account and token change is audited
with the operating-system account as the actor and the target's id, never a password or a
token; `users disable` ends the account's sessions and refuses its logins."""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
from pathlib import Path

from classifier.audit.log import read_records
from classifier.security.access import authenticate
from classifier.security.sessions import Sessions, new_session_id
from classifier.service.store import Store
from tests.test_cli import run_cli

PASSWORD = "a long enough passphrase"


def test_account_and_token_changes_are_audited(tmp_path: Path) -> None:
    env = {"CLASSIFIER_KEYS_DIR": str(tmp_path / "keys")}

    def cli(*args: str, stdin: str | None = None) -> str:
        proc = run_cli(list(args), tmp_path, extra_env=env, stdin=stdin)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    cli("users", "create", "ana", "--role", "reviewer", "--password-stdin", stdin=PASSWORD)
    store = Store(tmp_path / "var" / "state.sqlite3")
    session_id = new_session_id()
    user_id = store.user("ana")["id"]  # type: ignore[index]
    Sessions(store, 1800, 8 * 3600).save(session_id, user_id, {"user": "ana"})
    cli("users", "create", "ana", "--role", "admin", "--password-stdin", stdin=PASSWORD + "!")
    assert Sessions(store, 1800, 8 * 3600).open(session_id) is None  # the change ended it
    Sessions(store, 1800, 8 * 3600).save(session_id, user_id, {"user": "ana"})
    cli("users", "disable", "ana")
    assert Sessions(store, 1800, 8 * 3600).open(session_id) is None
    assert authenticate(store, "ana", PASSWORD + "!") is None
    cli("users", "enable", "ana")
    assert authenticate(store, "ana", PASSWORD + "!") is not None
    token = cli("tokens", "create", "--role", "auditor", "--name", "records").strip()
    cli("tokens", "revoke", "1")
    assert run_cli(["tokens", "revoke", "1"], tmp_path, extra_env=env).returncode == 1
    missing = run_cli(["users", "disable", "nobody"], tmp_path, extra_env=env)
    assert missing.returncode == 2 and "no such user" in missing.stderr

    trail = read_records(tmp_path / "audit")
    me = "os:" + pwd.getpwuid(os.getuid()).pw_name
    changes = [r for r in trail if r["event"].startswith(("user.", "token."))]
    assert [(r["event"], r.get("target_user_id", r.get("token_id"))) for r in changes] == [
        ("user.created", user_id),
        ("user.changed", user_id),
        ("user.disabled", user_id),
        ("user.enabled", user_id),
        ("token.created", 1),
        ("token.revoked", 1),
        ("token.revoked", 1),
    ]
    assert all(r["actor"] == me for r in changes)
    assert changes[1]["changed"] == ["password", "role"] and changes[1]["sessions_ended"] == 1
    assert changes[2]["sessions_ended"] == 1
    text = json.dumps(trail)
    assert PASSWORD not in text and token not in text
    with sqlite3.connect(tmp_path / "var" / "state.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    store.close()
