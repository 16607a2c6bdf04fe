"""A loopback HTTP receiver (127.0.0.1) for push tests: answers 503, then 500, then 200, and
keeps (status, headers, body) of every request. Used by the webhook and FHIR push tests, and
by the Celery kill -9 test and benchmark (tests/celery_stack.py) to count deliveries."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest


class Receiver:
    def __init__(self, statuses: tuple[int, ...] = (503, 500, 200)) -> None:
        self.received: list[tuple[int, dict, bytes]] = []  # type: ignore[type-arg]
        answers, received = list(statuses), self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status = answers.pop(0) if answers else 200
                received.append((status, dict(self.headers), body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[tuple[int, dict, bytes]]]]:  # type: ignore[type-arg]
    running = Receiver()
    yield running.url, running.received
    running.close()
