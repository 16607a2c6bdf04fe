# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""Access at the web edge, against the app with its real SQLite state database and audit
trail: server-side sessions (logout, a password change and a disabled account end them at
once; idle and absolute timeouts), the login throttle and its audited lockout, CSRF on every
cookie-authenticated change whatever other header comes, audited token and account changes,
and the login page's explanation when the secure cookie cannot be kept over plain HTTP."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classifier.audit.log import read_records
from classifier.pipeline import Pipeline
from classifier.security.access import create_user
from classifier.security.keys import identity_key, keyed_hash
from classifier.service.store import database_path
from tests.web_fixtures import bearer, service_of, tokens_for, web_settings  # noqa: F401
from web import create_app
from web.cookies import COOKIE_REFUSED

PASSWORD = "correct horse battery"
COOKIE = "classifier_session"


@pytest.fixture
def app(pipeline: Pipeline, web_settings: dict) -> Flask:  # type: ignore[type-arg]
    limits = {"login_max_failures_account": 3, "login_max_failures_address": 5}
    app = create_app({**web_settings, **limits}, pipeline=pipeline)
    app.config["TESTING"] = True
    create_user(service_of(app).store, "alice", PASSWORD, "admin")
    yield app
    service_of(app).close()


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def login(client: FlaskClient, username: str = "alice", password: str = PASSWORD):  # type: ignore[no-untyped-def]
    token = _csrf(client.get("/login").get_data(as_text=True))
    form = {"username": username, "password": password, "csrf_token": token, "next": "/"}
    return client.post("/login", data=form)


def page_csrf(client: FlaskClient) -> str:
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page)
    assert found is not None
    return found.group(1)


def logged_in(app: Flask, address: str = "10.0.0.1") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    assert login(client).status_code == 302
    return client


def is_logged_in(client: FlaskClient) -> bool:
    return client.get("/api/v1/documents").status_code == 200


def events(app: Flask, event: str) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in read_records(service_of(app).settings.audit_dir) if r["event"] == event]


def db(app: Flask) -> sqlite3.Connection:
    return sqlite3.connect(database_path(service_of(app).settings))


# sessions ---------------------------------------------------------------------------------
def test_the_cookie_holds_only_a_random_id_kept_hashed(app: Flask) -> None:
    client = logged_in(app)
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None and re.fullmatch(r"[A-Za-z0-9_-]{43}", cookie.value)
    rows = db(app).execute("SELECT id_hash, user_id, data FROM sessions").fetchall()
    (mine,) = [r for r in rows if r[1] is not None]
    assert mine[0] == hashlib.sha256(cookie.value.encode()).hexdigest()
    assert cookie.value not in json.dumps(rows)
    assert "alice" not in cookie.value and PASSWORD not in json.dumps(rows)


def test_login_gives_a_new_session_id(app: Flask) -> None:
    client = app.test_client()
    client.get("/login")
    before = client.get_cookie(COOKIE)
    assert before is not None
    assert login(client).status_code == 302
    after = client.get_cookie(COOKIE)
    assert after is not None and after.value != before.value  # no session fixation
    stale = app.test_client()
    stale.set_cookie(COOKIE, before.value)
    assert not is_logged_in(stale)


def test_logout_ends_the_session_on_the_server(app: Flask) -> None:
    client = logged_in(app)
    old = client.get_cookie(COOKIE)
    assert old is not None and is_logged_in(client)
    assert client.post("/logout", data={"csrf_token": page_csrf(client)}).status_code == 302
    replay = app.test_client()
    replay.set_cookie(COOKIE, old.value)
    assert not is_logged_in(replay)
    assert [e["actor"] for e in events(app, "user.logout")] == ["user:alice"]


def test_a_password_change_ends_every_session_of_the_account(app: Flask) -> None:
    first, second = logged_in(app), logged_in(app, "10.0.0.2")
    admin = tokens_for(app)["admin"]
    body = {"username": "alice", "password": "another long password", "role": "admin"}
    changed = app.test_client().post("/api/v1/users", json=body, headers=bearer(admin))
    assert changed.status_code == 200
    assert not is_logged_in(first) and not is_logged_in(second)
    (event,) = events(app, "user.changed")
    assert event["target_user_id"] == changed.json["id"] and event["sessions_ended"] == 2
    assert event["actor"].startswith("token:") and event["changed"] == ["password"]
    assert "another long password" not in json.dumps(
        read_records(service_of(app).settings.audit_dir)
    )


def test_a_disabled_account_is_logged_out_and_refused(app: Flask) -> None:
    client = logged_in(app)
    admin = bearer(tokens_for(app)["admin"])
    api = app.test_client()
    assert api.post("/api/v1/users/alice/disable", headers=admin).status_code == 200
    assert not is_logged_in(client)
    assert login(app.test_client()).status_code == 401  # the right password, refused
    assert api.post("/api/v1/users/nobody/disable", headers=admin).status_code == 404
    assert api.post("/api/v1/users/alice/enable", headers=admin).status_code == 200
    assert login(app.test_client()).status_code == 302
    user_id = db(app).execute("SELECT id FROM users WHERE username = 'alice'").fetchone()[0]
    switched = [
        (e["event"], e["target_user_id"])
        for e in read_records(service_of(app).settings.audit_dir)
        if e["event"] in ("user.disabled", "user.enabled")
    ]
    assert switched == [("user.disabled", user_id), ("user.enabled", user_id)]


def test_idle_and_absolute_timeouts(app: Flask) -> None:
    idle, old = logged_in(app), logged_in(app, "10.0.0.2")
    settings = service_of(app).settings
    assert (settings.session_idle_minutes, settings.session_max_hours) == (30, 8)
    for client, column, age_s in ((idle, "seen_at", 31 * 60), (old, "created_at", 8 * 3600 + 1)):
        cookie = client.get_cookie(COOKIE)
        assert cookie is not None and is_logged_in(client)
        id_hash = hashlib.sha256(cookie.value.encode()).hexdigest()
        with db(app) as conn:
            conn.execute(
                f"UPDATE sessions SET {column} = {column} - ? WHERE id_hash = ?", (age_s, id_hash)
            )
        assert not is_logged_in(client)
        assert (
            db(app).execute("SELECT 1 FROM sessions WHERE id_hash = ?", (id_hash,)).fetchone()
            is None
        )


# login throttle -------------------------------------------------------------------------
def test_an_account_is_locked_after_failures_even_for_the_right_password(app: Flask) -> None:
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):  # spread: the account is counted
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        assert login(client, password="wrong password").status_code == 401
    locked = app.test_client()
    locked.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    response = login(locked)
    assert response.status_code == 429
    assert "Too many failed logins" in response.get_data(as_text=True)
    assert not is_logged_in(locked)
    key = identity_key(service_of(app).settings.keys_dir)
    (lockout,) = events(app, "user.locked_out")
    assert lockout["scope"] == "account"
    assert lockout["username_hmac"] == keyed_hash(key, "user:alice")
    refused = [e for e in events(app, "user.login") if e.get("reason") == "locked out"]
    assert len(refused) == 1 and "actor" not in refused[0]


def test_the_window_slides_and_the_account_opens_again(app: Flask) -> None:
    for _ in range(3):
        login(app.test_client(), password="wrong password")
    assert login(app.test_client()).status_code == 429
    window = service_of(app).settings.login_window_minutes * 60
    with db(app) as conn:
        conn.execute("UPDATE login_failures SET created_at = created_at - ?", (window + 1,))
    assert login(app.test_client()).status_code == 302


def test_an_address_is_locked_across_accounts(app: Flask) -> None:
    attacker = app.test_client()
    attacker.environ_base["REMOTE_ADDR"] = "10.6.6.6"
    for name in ("bob", "carol", "dave", "erin", "frank"):
        assert login(attacker, username=name, password="guess").status_code == 401
    assert login(attacker).status_code == 429  # alice's right password, from that address
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert login(elsewhere).status_code == 302
    assert [e["scope"] for e in events(app, "user.locked_out")] == ["address"]


def test_a_failed_login_never_records_the_typed_name(app: Flask) -> None:
    typed = "alice.typo@example.org"
    assert login(app.test_client(), username=typed, password="wrong password").status_code == 401
    assert login(app.test_client()).status_code == 302
    trail = json.dumps(read_records(service_of(app).settings.audit_dir))
    assert typed not in trail and "typo" not in trail
    failed, ok = events(app, "user.login")
    key = identity_key(service_of(app).settings.keys_dir)
    assert failed["outcome"] == "failure" and "actor" not in failed
    assert failed["username_hmac"] == keyed_hash(key, "user:" + typed)
    assert (ok["outcome"], ok["actor"]) == ("success", "user:alice")


# CSRF -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "authorization", [None, "Basic YWxpY2U6eA==", "Negotiate abc", "Bearer clf_not_a_token"]
)
def test_a_cookie_authenticated_change_needs_csrf_whatever_the_header(
    app: Flask, authorization: str | None
) -> None:
    client = logged_in(app)
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post("/api/v1/tokens", json={"role": "auditor"}, headers=headers)
    assert response.status_code in (401, 403)
    if response.status_code == 403:
        assert response.json["error"]["detail"] == "missing or wrong CSRF token"
    assert events(app, "token.created") == []


def test_a_valid_bearer_token_with_a_session_cookie_still_needs_csrf(app: Flask) -> None:
    client = logged_in(app)
    admin = tokens_for(app)["admin"]
    response = client.post("/api/v1/tokens", json={"role": "auditor"}, headers=bearer(admin))
    assert response.status_code == 403
    with_csrf = {**bearer(admin), "X-CSRF-Token": page_csrf(client)}
    assert (
        client.post("/api/v1/tokens", json={"role": "auditor"}, headers=with_csrf).status_code
        == 201
    )


def test_bearer_without_a_cookie_needs_no_csrf(app: Flask) -> None:
    admin = tokens_for(app)["admin"]
    response = app.test_client().post(
        "/api/v1/tokens", json={"role": "auditor"}, headers=bearer(admin)
    )
    assert response.status_code == 201


def test_the_session_with_its_csrf_token_may_change_state(app: Flask) -> None:
    client = logged_in(app)
    headers = {"X-CSRF-Token": page_csrf(client)}
    assert (
        client.post("/api/v1/tokens", json={"role": "auditor"}, headers=headers).status_code == 201
    )
    assert [e["actor"] for e in events(app, "token.created")] == ["user:alice"]


# audited token and account changes --------------------------------------------------------
def test_token_creation_and_revocation_are_audited_without_the_token(app: Flask) -> None:
    admin = bearer(tokens_for(app)["admin"])
    api = app.test_client()
    created = api.post(
        "/api/v1/tokens", json={"role": "reviewer", "name": "records"}, headers=admin
    )
    token_id, token = created.json["id"], created.json["token"]
    assert api.get("/api/v1/review", headers=bearer(token)).status_code == 200
    assert api.delete(f"/api/v1/tokens/{token_id}", headers=admin).status_code == 204
    assert api.get("/api/v1/review", headers=bearer(token)).status_code == 401
    assert api.delete(f"/api/v1/tokens/{token_id}", headers=admin).status_code == 404
    trail = read_records(service_of(app).settings.audit_dir)
    changes = [(e["event"], e["token_id"], e["outcome"]) for e in trail if "token_id" in e]
    assert changes == [
        ("token.created", token_id, "success"),
        ("token.revoked", token_id, "success"),
        ("token.revoked", token_id, "not found"),
    ]
    assert all(e["actor"].startswith("token:") for e in trail if "token_id" in e)
    assert token not in json.dumps(trail)


def test_account_creation_is_audited_without_the_password(app: Flask) -> None:
    admin = bearer(tokens_for(app)["admin"])
    body = {"username": "rita", "password": "a long enough secret", "role": "reviewer"}
    created = app.test_client().post("/api/v1/users", json=body, headers=admin)
    assert created.status_code == 201
    (event,) = events(app, "user.created")
    assert (event["target_user_id"], event["role"]) == (created.json["id"], "reviewer")
    assert "a long enough secret" not in json.dumps(event)
    short = {**body, "password": "short"}
    assert app.test_client().post("/api/v1/users", json=short, headers=admin).status_code == 400


# plain HTTP with the secure cookie ---------------------------------------------------------
def test_the_login_page_says_why_a_secure_cookie_is_refused_over_http(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="web.cookies"):
        for _ in range(2):
            page = client.get("/login", base_url="http://records.intranet").get_data(as_text=True)
            assert "session_cookie_secure = false" in page and "HTTPS" in page
    warnings = [r for r in caplog.records if r.name == "web.cookies"]
    assert len(warnings) == 1 and "session_cookie_secure" in warnings[0].getMessage()
    # the browser refused the cookie: the form comes back without it
    form = {"username": "alice", "password": PASSWORD, "csrf_token": "x", "next": "/"}
    refused = app.test_client().post("/login", data=form, base_url="http://records.intranet")
    assert refused.status_code == 400
    assert COOKIE_REFUSED in refused.get_data(as_text=True).replace("&#39;", "'")


@pytest.mark.parametrize(
    "base_url",
    ["https://records.intranet", "http://localhost", "http://127.0.0.1:8000", "http://[::1]:8000"],
)
def test_no_cookie_notice_over_https_or_on_this_machine(app: Flask, base_url: str) -> None:
    page = app.test_client().get("/login", base_url=base_url).get_data(as_text=True)
    assert "cookie-notice" not in page


def test_no_cookie_notice_behind_a_tls_proxy_or_with_the_setting_off(
    pipeline: Pipeline,
    web_settings: dict,  # type: ignore[type-arg]
) -> None:
    plain = create_app({**web_settings, "session_cookie_secure": "off"}, pipeline=pipeline)
    page = plain.test_client().get("/login", base_url="http://records.intranet")
    assert "cookie-notice" not in page.get_data(as_text=True)
    secure = create_app(web_settings, pipeline=pipeline)
    proxied = secure.test_client().get(
        "/login", base_url="http://records.intranet", headers={"X-Forwarded-Proto": "https"}
    )
    assert "cookie-notice" not in proxied.get_data(as_text=True)
