"""Flask sessions kept server-side (`classifier.security.sessions`): the cookie carries only
a random id. `regenerate()` gives a session a fresh id (at login: no fixation); an emptied
session is deleted with its cookie (logout)."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, Request, Response
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from classifier.security.sessions import Sessions, new_session_id


class ServerSession(CallbackDict[str, Any], SessionMixin):
    def __init__(
        self, data: dict[str, Any] | None = None, session_id: str = "", stale: bool = False
    ):
        def changed(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, changed)
        self.session_id = session_id
        self.stale = stale  # seen_at is old enough to be renewed even if nothing changed
        self.fresh_id = False
        self.modified = False

    def regenerate(self) -> None:
        """A new id for this session (the old row goes when the response is saved)."""
        self.fresh_id = True
        self.modified = True


def regenerate(session: SessionMixin) -> None:
    """Give the current session a new id (at login)."""
    if isinstance(session, ServerSession):
        session.regenerate()


PURGE_EVERY_S = 60  # expired sessions (anonymous ones from login pages too) go at least this often


class ServerSessionInterface(SessionInterface):
    def __init__(self, sessions: Sessions):
        self.sessions = sessions
        self._purged_at = 0.0

    def _purge_now_and_then(self) -> None:
        now = time.monotonic()
        if now - self._purged_at > PURGE_EVERY_S:
            self._purged_at = now
            self.sessions.purge()

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        cookie = request.cookies.get(self.get_cookie_name(app), "")
        found = self.sessions.open(cookie)
        if found is None:
            return ServerSession()
        return ServerSession(found.data, found.session_id, found.stale)

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        name, domain, path = (
            self.get_cookie_name(app),
            self.get_cookie_domain(app),
            self.get_cookie_path(app),
        )
        if not session:
            if session.session_id:
                self.sessions.end(session.session_id)
                response.delete_cookie(name, domain=domain, path=path)
            return
        if not session.modified:
            if session.stale:
                self.sessions.touch(session.session_id)
            return
        if session.fresh_id and session.session_id:
            self.sessions.end(session.session_id)
        if session.fresh_id or not session.session_id:
            session.session_id = new_session_id()
            self._purge_now_and_then()
        user_id = session.get("user_id")
        self.sessions.save(session.session_id, user_id, dict(session))
        response.set_cookie(
            name,
            session.session_id,
            domain=domain,
            path=path,
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
        )
