# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""Malformed requests at the web edge get a clear 400, never a 500: a query parameter that
is not a number, a JSON body with a lone surrogate, a return address holding CR/LF, a tab or
another host. After login the service redirects to local paths only."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classifier.security.access import create_user
from tests.web_fixtures import app, bearer, client, service_of, tokens, web_settings  # noqa: F401

PASSWORD = "correct horse battery"


@pytest.mark.parametrize("query", ["limit=abc", "limit=1.5", "limit=-1", "limit=0", "limit="])
def test_a_bad_limit_is_400(client: FlaskClient, query: str) -> None:
    response = client.get(f"/api/v1/documents?{query}")
    assert response.status_code == 400
    assert response.json["error"]["reason"] == "bad request"
    assert "limit" in response.json["error"]["detail"]


def test_a_large_limit_is_capped(client: FlaskClient) -> None:
    assert client.get("/api/v1/documents?limit=99999").status_code == 200


def test_a_lone_surrogate_in_json_is_400(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/documents",
        data='{"text": "Patient \\ud800 seen"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json["error"]["detail"] == "the JSON body holds text that is not valid Unicode"


def test_a_lone_surrogate_in_a_token_name_is_400(app: Flask, tokens: dict[str, str]) -> None:
    response = app.test_client().post(
        "/api/v1/tokens",
        data='{"role": "submitter", "name": "\\udfff"}',
        content_type="application/json",
        headers=bearer(tokens["admin"]),
    )
    assert response.status_code == 400


def _login(app: Flask, next_: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    form = {"username": "alice", "password": password, "csrf_token": token.group(1)}
    return client.post("/login", data={**form, "next": next_})


@pytest.fixture
def user(app: Flask) -> str:
    create_user(service_of(app).store, "alice", PASSWORD, "reviewer")
    return "alice"


@pytest.mark.parametrize(
    "next_",
    [
        "/\r\nSet-Cookie: evil=1",
        "/review\n",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
    ],
)
def test_a_return_address_that_is_not_local_is_400(app: Flask, user: str, next_: str) -> None:
    response = _login(app, next_)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert "not a page of this site" in response.get_data(as_text=True)
    assert app.test_client().get("/login", query_string={"next": next_}).status_code == 400


def test_login_redirects_to_a_local_path(app: Flask, user: str) -> None:
    response = _login(app, "/review?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/review?page=2"
