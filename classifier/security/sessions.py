"""Server-side UI sessions: the cookie holds only a random id; the state database keeps its
sha256 (a copied database opens no session), the account it belongs to and its data (the
CSRF token, the user name and role). A session ends at logout, when its account's password
changes or the account is disabled (`end_user_sessions`), after `session_idle_minutes`
unused and `session_max_hours` after it began."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import secrets
import sqlite3
import time
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

TOUCH_EVERY_S = 30  # `seen_at` is written at most this often per session (fewer writes)


class SessionStore(Protocol):
    """Where sessions are kept (`classifier.service.store.Store`)."""

    def save_session(self, id_hash: str, user_id: int | None, data: str, now: float) -> None: ...

    def session(self, id_hash: str) -> sqlite3.Row | None: ...

    def touch_session(self, id_hash: str, now: float) -> None: ...

    def delete_session(self, id_hash: str) -> None: ...

    def purge_sessions(self, seen_before: float, created_before: float) -> int: ...


COOKIE_ADVICE = (
    "use HTTPS (a TLS proxy in front of the service) or, on a trusted intranet, "
    "set session_cookie_secure = false"
)


def is_loopback_host(host: str) -> bool:
    """`host` (a name or address, with or without a port) is this machine: browsers treat
    pages from it as a secure context and keep secure cookies even over plain HTTP."""
    try:
        return ipaddress.ip_address(host).is_loopback  # a bare address, as in settings.host
    except ValueError:
        pass
    try:
        name = (urlsplit("//" + host).hostname or "").lower()  # "[::1]:8000", "name:80"
    except ValueError:
        return False
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class OpenSession:
    """A session found for a cookie: its id, data, and whether `seen_at` is worth renewing."""

    session_id: str
    data: dict[str, Any]
    stale: bool


@dataclass(frozen=True)
class Sessions:
    store: SessionStore
    idle_s: float
    max_s: float

    @classmethod
    def from_settings(cls, store: SessionStore, settings: Any) -> Sessions:
        return cls(store, settings.session_idle_minutes * 60, settings.session_max_hours * 3600)

    def open(self, session_id: str, now: float | None = None) -> OpenSession | None:
        """The live session of this cookie value; None (and the row gone) when it expired."""
        now = time.time() if now is None else now
        if not session_id or len(session_id) > 100:
            return None
        row = self.store.session(session_hash(session_id))
        if row is None:
            return None
        if now - row["seen_at"] > self.idle_s or now - row["created_at"] > self.max_s:
            self.store.delete_session(row["id_hash"])
            return None
        stale = now - row["seen_at"] > TOUCH_EVERY_S
        return OpenSession(session_id, json.loads(row["data"]), stale)

    def save(self, session_id: str, user_id: int | None, data: dict[str, Any]) -> None:
        self.store.save_session(session_hash(session_id), user_id, json.dumps(data), time.time())

    def touch(self, session_id: str) -> None:
        self.store.touch_session(session_hash(session_id), time.time())

    def end(self, session_id: str) -> None:
        self.store.delete_session(session_hash(session_id))

    def purge(self, now: float | None = None) -> int:
        """Delete every expired session; how many."""
        now = time.time() if now is None else now
        return self.store.purge_sessions(now - self.idle_s, now - self.max_s)
