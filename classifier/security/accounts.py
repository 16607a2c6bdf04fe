"""Changes to who may do what, each audited: accounts created, changed, disabled or enabled,
API tokens created or revoked, logins (the lockout included). The CLI and the web edge both
call these, so no path changes access without a record. Records name the actor and the
target's id, never a password, a token, or a user name someone typed and got wrong (that is
kept only as a keyed hash, `username_hmac`)."""

from __future__ import annotations

import os
import pwd
import sqlite3
from typing import Protocol

from classifier.audit.log import AuditLog
from classifier.errors import AccessError, LoginThrottled, NotPermitted
from classifier.security.access import Principal, authenticate, create_user
from classifier.security.throttle import LoginThrottle
from classifier.security.tokens import create_token, principal_for_token


class AccountStore(Protocol):
    """The parts of `classifier.service.store.Store` that access changes use."""

    def add_user(self, username: str, password_hash: str, role: str) -> tuple[int, bool]: ...

    def user(self, username: str) -> sqlite3.Row | None: ...

    def account(self, username: str) -> sqlite3.Row | None: ...

    def set_user_disabled(self, username: str, disabled: bool) -> int | None: ...

    def end_user_sessions(self, user_id: int) -> int: ...

    def add_token(self, name: str, role: str, token_hash: str) -> int: ...

    def token(self, token_hash: str) -> sqlite3.Row | None: ...

    def revoke_token(self, token_id: int) -> bool: ...


def local_operator() -> str:
    """The CLI's actor: the operating-system account running it (by uid, not $USER)."""
    return "os:" + pwd.getpwuid(os.getuid()).pw_name


def save_user(
    store: AccountStore, audit: AuditLog, actor: str, username: str, password: str, role: str
) -> int:
    """Create or update an account; an update ends the account's sessions. Its id."""
    before = store.account(username)
    user_id, created = create_user(store, username, password, role)
    ended = 0 if created else store.end_user_sessions(user_id)
    changed = ["password"] + ([] if before is None or before["role"] == role else ["role"])
    if before is not None and before["disabled"]:
        changed.append("enabled")
    audit.record(
        "user.created" if created else "user.changed",
        actor=actor,
        target_user_id=user_id,
        role=role,
        changed=[] if created else changed,
        sessions_ended=ended,
        outcome="success",
    )
    return user_id


def set_user_disabled(
    store: AccountStore, audit: AuditLog, actor: str, username: str, disabled: bool
) -> int:
    """Disable (its sessions end at once) or enable an account; its id."""
    user_id = store.set_user_disabled(username, disabled)
    if user_id is None:
        raise AccessError("no such user")
    ended = store.end_user_sessions(user_id) if disabled else 0
    audit.record(
        "user.disabled" if disabled else "user.enabled",
        actor=actor,
        target_user_id=user_id,
        sessions_ended=ended,
        outcome="success",
    )
    return user_id


def issue_token(
    store: AccountStore, audit: AuditLog, actor: str, role: str, name: str = ""
) -> tuple[int, str]:
    """A new API token (id, token); the token itself is never recorded."""
    token_id, token = create_token(store, role, name)
    audit.record("token.created", actor=actor, token_id=token_id, role=role, outcome="success")
    return token_id, token


def revoke_token(store: AccountStore, audit: AuditLog, actor: str, token_id: int) -> bool:
    """Revoke a token; False (recorded too) when there was no live token with that id."""
    revoked = store.revoke_token(token_id)
    audit.record(
        "token.revoked",
        actor=actor,
        token_id=token_id,
        outcome="success" if revoked else "not found",
    )
    return revoked


def login(
    store: AccountStore,
    audit: AuditLog,
    throttle: LoginThrottle,
    credentials: tuple[str, str],
    address: str,
) -> Principal | None:
    """The principal for (username, password), or None; LoginThrottled while the account or
    the address is locked out, whatever the password."""
    username, password = credentials
    scope = throttle.locked(username, address)
    if scope is not None:
        _failed_login(audit, throttle, username, address, "locked out", scope=scope)
        raise LoginThrottled(f"too many failed logins for this {scope}; try again later")
    principal = authenticate(store, username, password)
    if principal is None:
        for locked in throttle.failed(username, address):
            _lockout(audit, throttle, username, address, locked)
        _failed_login(audit, throttle, username, address, "wrong user name or password")
        return None
    throttle.succeeded(username)
    row = store.user(principal.name)
    audit.record(
        "user.login",
        actor=principal.id,
        target_user_id=row["id"] if row is not None else None,
        remote_addr=address,
        outcome="success",
    )
    return principal


def _failed_login(
    audit: AuditLog, throttle: LoginThrottle, username: str, address: str, reason: str, **extra: str
) -> None:
    audit.record(
        "user.login",
        username_hmac=throttle.username_hash(username),
        remote_addr=address,
        reason=reason,
        outcome="failure",
        **extra,
    )


def _lockout(
    audit: AuditLog, throttle: LoginThrottle, username: str, address: str, scope: str
) -> None:
    audit.record(
        "user.locked_out",
        scope=scope,
        username_hmac=throttle.username_hash(username),
        remote_addr=address,
        window_minutes=throttle.window_s / 60,
        outcome="refused",
    )


def operator(
    store: AccountStore,
    audit: AuditLog,
    throttle: LoginThrottle,
    permission: str,
    *,
    credentials: tuple[str, str] | None = None,
    token: str | None = None,
) -> Principal:
    """The operator of a CLI action: a user with the right password (throttled and audited
    like a web login) or a live API token, holding `permission`; NotPermitted otherwise."""
    if token is not None:
        principal = principal_for_token(store, token)
    elif credentials is not None:
        principal = login(store, audit, throttle, credentials, address="cli")
    else:
        raise NotPermitted("an operator must authenticate: a user name and password, or a token")
    if principal is None:
        raise NotPermitted("wrong user name, password or token")
    if not principal.can(permission):
        raise NotPermitted(f"role {principal.role} may not {permission}")
    return principal
