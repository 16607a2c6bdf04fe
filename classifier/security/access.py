"""Who may do what: roles, the permission table, principals and local accounts.

Roles: `submitter` (upload, see own results), `reviewer` (the review queue, originals),
`auditor` (read-only: results, metrics, models, policies, the audit trail), `admin`
(everything, including models, policies and tokens). The web edge asks `allowed(role, perm)`;
the table below is the single place that answers.

Passwords are hashed with scrypt (n=2**14, r=8, p=1, 16-byte salt) and compared in constant
time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Protocol

from classifier.errors import AccessError

ROLES = ("submitter", "reviewer", "auditor", "admin")

PERMISSIONS: dict[str, frozenset[str]] = {
    "documents.submit": frozenset({"submitter", "reviewer", "admin"}),
    "documents.read_own": frozenset({"submitter", "reviewer", "auditor", "admin"}),
    "documents.read_all": frozenset({"reviewer", "auditor", "admin"}),
    "documents.original": frozenset({"reviewer", "admin"}),
    "review": frozenset({"reviewer", "admin"}),
    "models": frozenset({"auditor", "admin"}),
    "policies": frozenset({"auditor", "admin"}),
    "metrics": frozenset({"auditor", "admin"}),
    "audit": frozenset({"auditor", "admin"}),
    "tokens": frozenset({"admin"}),
    "users": frozenset({"admin"}),
    "reidentify": frozenset({"reviewer", "admin"}),
    "operations": frozenset({"admin"}),
}

SCRYPT = {"n": 2**14, "r": 8, "p": 1}


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: `kind` is user or token; `name` is what the audit records."""

    kind: str
    name: str
    role: str

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.name}"

    def can(self, permission: str) -> bool:
        return allowed(self.role, permission)


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccessError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    return role


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT['n']}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, salt_b64, digest_b64 = stored.split("$")
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    params = {**SCRYPT, "n": int(n)}
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=len(expected), **params)
    return hmac.compare_digest(digest, expected)


_DUMMY_HASH = hash_password("not a password")


class UserStore(Protocol):
    """Where accounts are kept (`classifier.service.store.Store`); security never imports it."""

    def add_user(self, username: str, password_hash: str, role: str) -> tuple[int, bool]: ...

    def user(self, username: str) -> sqlite3.Row | None: ...


def create_user(store: UserStore, username: str, password: str, role: str) -> tuple[int, bool]:
    """Create or update (and enable) an account: (its id, whether it is new). Audited callers:
    `classifier.security.accounts.save_user`."""
    if not username or len(username) > 64 or not username.isprintable():
        raise AccessError("user name must be 1 to 64 printable characters")
    if len(password) < 12:
        raise AccessError("password must be at least 12 characters")
    return store.add_user(username, hash_password(password), check_role(role))


def authenticate(store: UserStore, username: str, password: str) -> Principal | None:
    row = store.user(username)
    if row is None:
        verify_password(password, _DUMMY_HASH)  # same time whether or not the user exists
        return None
    if not verify_password(password, row["password_hash"]):
        return None
    return Principal("user", row["username"], row["role"])
