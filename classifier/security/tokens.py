"""API tokens for records systems: random, shown once, stored as a sha256 hash.

A token is `clf_` + 32 random bytes (URL-safe base64); with that much entropy a plain sha256
is the right stored form (a slow password hash adds nothing and costs every request). Tokens
carry one role (see `access`) and are revoked, never deleted, so the audit trail keeps meaning.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from typing import Protocol

from classifier.security.access import Principal, check_role

PREFIX = "clf_"


class TokenStore(Protocol):
    """Where token hashes are kept (`classifier.service.store.Store`)."""

    def add_token(self, name: str, role: str, token_hash: str) -> int: ...

    def token(self, token_hash: str) -> sqlite3.Row | None: ...


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(store: TokenStore, role: str, name: str = "") -> tuple[int, str]:
    """Return (id, token); only the hash is kept."""
    token = PREFIX + secrets.token_urlsafe(32)
    token_id = store.add_token(name or role, check_role(role), token_hash(token))
    return token_id, token


def principal_for_token(store: TokenStore, token: str) -> Principal | None:
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    row = store.token(token_hash(token))
    if row is None:
        return None
    return Principal("token", f"{row['id']}-{row['name']}", row["role"])
