"""A loopback HTTP receiver (127.0.0.1) for push tests: answers 503, then 500, then 200, and
keeps (status, headers, body) of every request. Used by the webhook and FHIR push tests."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[int, dict, bytes]]]]:  # type: ignore[type-arg]
    received: list[tuple[int, dict, bytes]] = []  # type: ignore[type-arg]
    statuses = [503, 500, 200]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = statuses.pop(0) if statuses else 200
            received.append((status, dict(self.headers), body))
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    server.shutdown()
    server.server_close()
