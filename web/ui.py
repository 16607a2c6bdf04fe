"""The intranet pages: login, upload (/), review queue (/review). No external assets."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from classifier.security.access import authenticate
from web.auth import csrf_ok, current_principal
from web.requests import local_path
from web.state import service

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


def _next(raw: str) -> tuple[str, str | None]:
    """(where to go after login, an error when `raw` is not a local path)."""
    target = local_path(raw)
    return (target, None) if target is not None else ("/", BAD_NEXT)


@bp.get("/login")
def login() -> Any:
    target, bad = _next(request.args.get("next", "/"))
    return render_template("login.html", error=bad, next=target), 400 if bad else 200


@bp.post("/login")
def login_post() -> Any:
    target, bad = _next(request.form.get("next", "/"))
    if bad:
        return render_template("login.html", error=bad, next=target), 400
    if not csrf_ok():
        return render_template("login.html", error="Session expired; try again.", next=target), 400
    principal = authenticate(
        service().store, request.form.get("username", ""), request.form.get("password", "")
    )
    svc = service()
    svc.audit.record(
        "user.login",
        actor=f"user:{request.form.get('username', '')[:64]}",
        outcome="success" if principal else "failure",
    )
    if principal is None:
        return render_template("login.html", error="Wrong user name or password.", next=target), 401
    session.clear()
    session.permanent = True
    session["user"], session["role"] = principal.name, principal.role
    return redirect(target)


@bp.post("/logout")
def logout() -> Any:
    if csrf_ok():
        session.clear()
    return redirect(url_for("ui.login"))
