"""Authentication at the web edge: API tokens (Bearer) and UI sessions, CSRF, permissions.

A request is authenticated by `Authorization: Bearer <token>` (records systems) or by the
session cookie of a logged-in local account (the UI; sessions are server-side, see
`web.sessions`). Any state change that comes with a logged-in session cookie must carry the
session's CSRF token (form field `csrf_token` or header `X-CSRF-Token`), whatever other
header comes with it; a Bearer request without a session cookie needs none, as a browser
never adds that header on its own. No credentials: 401. Credentials without the
permission: 403.
"""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g, jsonify, request, session

from classifier.security.access import Principal
from classifier.security.tokens import principal_for_token
from web.state import service

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return str(token)


def csrf_ok() -> bool:
    expected = session.get("csrf")
    given = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    return bool(expected) and hmac.compare_digest(str(expected), given)


def required_principal() -> Principal:
    """The caller of a route `require` let through."""
    principal = current_principal()
    assert principal is not None  # `require` let the request through
    return principal


def current_principal() -> Principal | None:
    if "principal" in g:
        return cast(Principal | None, g.principal)
    principal = None
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        principal = principal_for_token(service().store, header[7:].strip())
    elif session.get("user"):
        user = service().store.user(session["user"])
        if user is not None and user["role"] == session.get("role"):
            principal = Principal("user", user["username"], user["role"])
        else:  # disabled, renamed or its role changed since login: the session is over
            session.clear()
    g.principal = principal
    return principal


def needs_csrf() -> bool:
    """A state change that comes with a logged-in session cookie, whatever the headers."""
    return request.method not in SAFE_METHODS and bool(session.get("user"))


def _deny(status: int, reason: str, detail: str) -> Any:
    response = jsonify({"error": {"reason": reason, "detail": detail}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="classifier"'
    return response


def require(permission: str) -> Callable[[F], F]:
    """Route decorator: the caller must be authenticated and hold `permission`."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal is None:
                return _deny(401, "unauthorized", "send a Bearer token or log in")
            if needs_csrf() and not csrf_ok():
                return _deny(403, "forbidden", "missing or wrong CSRF token")
            if not principal.can(permission):
                return _deny(403, "forbidden", f"role {principal.role} may not do this")
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def init_app(app: Any) -> None:
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["current_principal"] = current_principal
