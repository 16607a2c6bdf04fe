"""The intranet pages: login, upload (/), review queue (/review). No external assets."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from classifier.errors import LoginThrottled
from classifier.security import accounts
from classifier.security.access import Principal
from web.auth import csrf_ok, current_principal
from web.cookies import COOKIE_REFUSED, cookie_refused, notice
from web.requests import local_path
from web.sessions import regenerate
from web.state import login_throttle, service

bp = Blueprint(
    "ui", __name__, template_folder="templates", static_folder="static", static_url_path="/static"
)


def _page(template: str, permission: str) -> Any:
    principal = current_principal()
    if principal is None:
        return redirect(url_for("ui.login", next=request.path))
    if not principal.can(permission):
        abort(403)
    labels = sorted(service().labels)
    types = service().pipeline.policy.entity_types
    return render_template(template, principal=principal, labels=labels, entity_types=types)


@bp.get("/")
def index() -> Any:
    principal = current_principal()
    if principal is not None and not principal.can("documents.submit"):
        return redirect(url_for("pages.documents"))  # auditors start at the documents list
    return _page("index.html", "documents.submit")


@bp.get("/review")
def review() -> Any:
    return _page("review.html", "review")


BAD_NEXT = "The return address is not a page of this site."
EXPIRED = "Session expired; try again."
LOCKED = "Too many failed logins for this account or address; try again later."


def _next(raw: str) -> tuple[str, str | None]:
    """(where to go after login, an error when `raw` is not a local path)."""
    target = local_path(raw)
    return (target, None) if target is not None else ("/", BAD_NEXT)


def _login_page(target: str, error: str | None, status: int) -> Any:
    return render_template("login.html", error=error, notice=notice(), next=target), status


@bp.get("/login")
def login() -> Any:
    target, bad = _next(request.args.get("next", "/"))
    return _login_page(target, bad, 400 if bad else 200)


@bp.post("/login")
def login_post() -> Any:
    target, bad = _next(request.form.get("next", "/"))
    if bad:
        return _login_page(target, bad, 400)
    if not csrf_ok():
        return _login_page(target, COOKIE_REFUSED if cookie_refused() else EXPIRED, 400)
    credentials = (request.form.get("username", ""), request.form.get("password", ""))
    svc = service()
    try:
        principal = accounts.login(
            svc.store, svc.audit, login_throttle(), credentials, request.remote_addr or ""
        )
    except LoginThrottled:
        return _login_page(target, LOCKED, 429)
    if principal is None:
        return _login_page(target, "Wrong user name or password.", 401)
    _start_session(principal)
    return redirect(target)


def _start_session(principal: Principal) -> None:
    """A fresh session (new id: no fixation) holding the account."""
    row = service().store.user(principal.name)
    session.clear()
    regenerate(session)
    session["user"], session["role"] = principal.name, principal.role
    session["user_id"] = row["id"] if row is not None else None


@bp.post("/logout")
def logout() -> Any:
    principal = current_principal()
    if csrf_ok():
        if principal is not None and principal.kind == "user":
            service().audit.record("user.logout", actor=principal.id, outcome="success")
        session.clear()
    return redirect(url_for("ui.login"))
