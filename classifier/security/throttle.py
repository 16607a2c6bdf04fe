"""Login throttling: failed logins are counted per account and per client address in a
sliding window (`login_window_minutes`); at `login_max_failures_account` for the account, or
`login_max_failures_address` for the address, every further attempt is refused, the right
password too, until enough failures have left the window. Both are kept as keyed hashes
(`keys.keyed_hash`), never as the typed name or the address."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

from classifier.security.keys import keyed_hash


class FailureStore(Protocol):
    """Where failures are counted (`classifier.service.store.Store`)."""

    def add_login_failure(self, subjects: tuple[str, ...], now: float) -> None: ...

    def login_failures(self, subject: str, since: float) -> int: ...

    def clear_login_failures(self, subject: str, before: float | None = None) -> None: ...


def normal_username(username: str) -> str:
    """The form a typed name is counted and hashed in (case and outer spaces do not matter)."""
    return username.strip().casefold()


@dataclass(frozen=True)
class LoginThrottle:
    store: FailureStore
    key: bytes
    window_s: float
    max_account: int
    max_address: int

    @classmethod
    def from_settings(cls, store: FailureStore, key: bytes, settings: Any) -> LoginThrottle:
        return cls(
            store,
            key,
            settings.login_window_minutes * 60,
            settings.login_max_failures_account,
            settings.login_max_failures_address,
        )

    def username_hash(self, username: str) -> str:
        return keyed_hash(self.key, "user:" + normal_username(username))

    def _subjects(self, username: str, address: str) -> dict[str, tuple[str, int]]:
        return {
            "account": (self.username_hash(username), self.max_account),
            "address": (keyed_hash(self.key, "addr:" + address), self.max_address),
        }

    def locked(self, username: str, address: str) -> str | None:
        """ "account" or "address" when that one is locked out now, else None."""
        since = time.time() - self.window_s
        for scope, (subject, limit) in self._subjects(username, address).items():
            if self.store.login_failures(subject, since) >= limit:
                return scope
        return None

    def failed(self, username: str, address: str) -> list[str]:
        """Count one failure; the scopes this failure has just locked (for the audit)."""
        now = time.time()
        subjects = self._subjects(username, address)
        self.store.add_login_failure(tuple(s for s, _ in subjects.values()), now)
        since = now - self.window_s
        return [
            scope
            for scope, (subject, limit) in subjects.items()
            if self.store.login_failures(subject, since) == limit
        ]

    def succeeded(self, username: str) -> None:
        """A right password (not locked): the account's failures are forgotten; old rows go."""
        self.store.clear_login_failures(
            self.username_hash(username), before=time.time() - self.window_s
        )
