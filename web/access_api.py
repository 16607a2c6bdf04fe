"""REST API v1 for access administration (admins): API tokens and local accounts. Every
change goes through `classifier.security.accounts`, which audits it; a password change or a
disabled account ends that account's sessions at once."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from classifier.security import accounts
from classifier.security.access import ROLES
from web.api import error
from web.auth import current_principal, require
from web.requests import json_body
from web.state import service

bp = Blueprint("access", __name__)


def _actor() -> str:
    principal = current_principal()
    assert principal is not None  # `require` let the request through
    return principal.id


def _object_body() -> dict[str, Any]:
    body = json_body()
    return body if isinstance(body, dict) else {}


@bp.post("/api/v1/tokens")
@require("tokens")
def new_token() -> Any:
    body = _object_body()
    role = body.get("role")
    if role not in ROLES:
        return error(400, "bad request", f"role must be one of {', '.join(ROLES)}")
    svc = service()
    name = str(body.get("name", ""))[:100]
    token_id, token = accounts.issue_token(svc.store, svc.audit, _actor(), role, name)
    return jsonify({"id": token_id, "role": role, "token": token}), 201


@bp.delete("/api/v1/tokens/<int:token_id>")
@require("tokens")
def revoke_token(token_id: int) -> Any:
    svc = service()
    if not accounts.revoke_token(svc.store, svc.audit, _actor(), token_id):
        return error(404, "not found", "no live token with this id")
    return "", 204


@bp.post("/api/v1/users")
@require("users")
def save_user() -> Any:
    body = _object_body()
    username, password, role = (body.get(k) for k in ("username", "password", "role"))
    if not isinstance(username, str) or not isinstance(password, str) or role not in ROLES:
        return error(400, "bad request", f'send {{"username", "password", "role": one of {ROLES}}}')
    svc = service()
    created = svc.store.account(username) is None
    user_id = accounts.save_user(svc.store, svc.audit, _actor(), username, password, str(role))
    return jsonify({"id": user_id, "role": role}), 201 if created else 200


@bp.post("/api/v1/users/<username>/disable", defaults={"disable": True})
@bp.post("/api/v1/users/<username>/enable", defaults={"disable": False})
@require("users")
def switch_user(username: str, disable: bool) -> Any:
    svc = service()
    if svc.store.account(username) is None:
        return error(404, "not found", "no such user")
    user_id = accounts.set_user_disabled(svc.store, svc.audit, _actor(), username, disable)
    return jsonify({"id": user_id, "disabled": disable})
