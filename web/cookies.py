"""Why a login cannot keep its session: with `session_cookie_secure` on, a browser refuses the
session cookie of a page served over plain HTTP (other than on this machine), so every login
fails its CSRF check. The login page says so, and the log says so once per app."""

from __future__ import annotations

import logging

from flask import current_app, request

from classifier.security.sessions import COOKIE_ADVICE, is_loopback_host

log = logging.getLogger(__name__)

COOKIE_REFUSED = (
    "This page came over plain HTTP, and the service sends its session cookie over HTTPS "
    "only, so your browser refuses it and you cannot stay logged in. Open the service over "
    "HTTPS, or, on a trusted intranet, set session_cookie_secure = false."
)


def cookie_refused() -> bool:
    """The secure-cookie setting is on and this page reached the browser over plain HTTP."""
    if not current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure:
        return False
    if request.headers.get("X-Forwarded-Proto", "").lower() == "https":
        return False  # a TLS proxy in front: the browser sees HTTPS
    return not is_loopback_host(request.host)


def warn_once() -> None:
    """One warning per app (one per process in service); no request content in it."""
    if not current_app.extensions.get("cookie_warning_logged"):
        current_app.extensions["cookie_warning_logged"] = True
        log.warning(
            "login page served over plain HTTP while session_cookie_secure is on: browsers "
            "refuse the session cookie and logins fail; %s",
            COOKIE_ADVICE,
        )


def notice() -> str | None:
    """The login page's explanation, when the session cookie will be refused."""
    if not cookie_refused():
        return None
    warn_once()
    return COOKIE_REFUSED
