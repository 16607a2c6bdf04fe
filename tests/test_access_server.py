# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The real waitress server on 127.0.0.1, set up as `classifier serve` sets it up
(`waitress_options`): an upload over the size limit is refused with 413 before its body is
read (from Content-Length, and for a chunked body once the limit is passed), and a session
cookie replayed after logout opens nothing."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import waitress
from flask import Flask

from classifier.cli.serve import waitress_options
from classifier.pipeline import Pipeline
from classifier.security.access import create_user
from classifier.settings import load_settings, request_body_limit
from tests.web_fixtures import service_of, tokens_for, web_settings  # noqa: F401
from web import create_app

LIMIT = 1000
PASSWORD = "correct horse battery"


@pytest.fixture
def app(pipeline: Pipeline, web_settings: dict) -> Iterator[Flask]:  # type: ignore[type-arg]
    app = create_app({**web_settings, "max_document_bytes": LIMIT}, pipeline=pipeline)
    create_user(service_of(app).store, "alice", PASSWORD, "reviewer")
    yield app
    service_of(app).close()


@pytest.fixture
def server(app: Flask) -> Iterator[tuple[str, int]]:
    settings = load_settings(overrides={**service_of(app).settings, "port": 0}, environ={})
    srv = waitress.create_server(app, **waitress_options(settings))
    stopping = threading.Event()

    def run() -> None:
        try:
            srv.run()
        except OSError:  # its sockets closed under the loop's select by `close` below
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield "127.0.0.1", int(srv.effective_port)  # type: ignore[union-attr]
    stopping.set()
    srv.close()
    thread.join(timeout=10)


def _headers(token: str, extra: str) -> bytes:
    return (
        "POST /api/v1/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/octet-stream\r\n"
        f"{extra}\r\n"
    ).encode()


def _answer(sock: socket.socket) -> bytes:
    sock.settimeout(10)
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_the_limit_is_the_documents_with_its_form(app: Flask) -> None:
    assert request_body_limit(service_of(app).settings) == LIMIT + 64 * 1024


def test_a_declared_oversized_body_is_refused_before_it_is_sent(
    app: Flask, server: tuple[str, int]
) -> None:
    token = tokens_for(app)["submitter"]
    with socket.create_connection(server) as sock:
        sock.sendall(_headers(token, "Content-Length: 60000000\r\n"))  # and no body at all
        started = time.monotonic()
        answer = _answer(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    assert time.monotonic() - started < 5


def test_a_chunked_body_is_refused_once_past_the_limit(app: Flask, server: tuple[str, int]) -> None:
    token = tokens_for(app)["submitter"]
    chunk = b"a" * 8192
    sent = 0
    with socket.create_connection(server) as sock:
        sock.sendall(_headers(token, "Transfer-Encoding: chunked\r\n"))
        sock.settimeout(0.05)
        answer = b""
        while sent < 100 * request_body_limit(service_of(app).settings):
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
            try:
                answer = sock.recv(4096)
            except TimeoutError:
                continue
            if answer:
                break
        answer = answer or _answer(sock)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]
    assert sent < 2 * request_body_limit(service_of(app).settings)  # the rest was never read


def test_a_small_upload_still_passes(app: Flask, server: tuple[str, int]) -> None:
    token = tokens_for(app)["submitter"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    body = b'{"text": "hello"}'
    response, _ = _request(server, "POST", "/api/v1/documents", body=body, headers=headers)
    assert response.status == 200


def _request(server: tuple[str, int], method: str, path: str, **kwargs):  # type: ignore[no-untyped-def]
    connection = http.client.HTTPConnection(*server, timeout=60)
    try:
        connection.request(method, path, **kwargs)
        response = connection.getresponse()
        return response, response.read().decode()
    finally:
        connection.close()


def _cookie(response: http.client.HTTPResponse) -> str:
    found = re.search(r"classifier_session=([^;]+)", response.getheader("Set-Cookie") or "")
    assert found is not None
    return found.group(1)


def test_a_cookie_replayed_after_logout_opens_nothing(server: tuple[str, int]) -> None:
    page, body = _request(server, "GET", "/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', body)
    assert csrf is not None
    form = f"username=alice&password=correct+horse+battery&next=%2F&csrf_token={csrf.group(1)}"
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    headers = {**form_type, "Cookie": f"classifier_session={_cookie(page)}"}
    logged, _ = _request(server, "POST", "/login", body=form, headers=headers)
    assert logged.status == 302
    session = {"Cookie": f"classifier_session={_cookie(logged)}"}
    review, body = _request(server, "GET", "/review", headers=session)
    assert review.status == 200
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)">', body)
    assert meta is not None
    logout = f"csrf_token={meta.group(1)}"
    out, _ = _request(server, "POST", "/logout", body=logout, headers={**form_type, **session})
    assert out.status == 302
    replay, _ = _request(server, "GET", "/api/v1/review", headers=session)
    assert replay.status == 401
