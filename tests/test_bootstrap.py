"""`bootstrap(settings)`: the one start-up of every entry point. The egress guard cannot be
removed once installed, so whatever installs it runs in a child process, never in the test
process: `create_app` served by waitress directly (not through the CLI), and `bootstrap`
called twice. Only loopback is touched: 127.0.0.1 is allowed, 127.0.0.2 refused."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from classifier.audit.log import read_records
from classifier.errors import CorruptDocument
from classifier.security import log_redaction
from classifier.security.tokens import create_token
from classifier.service.store import Store
from classifier.settings import ROOT, load_settings
from tests.documents import CLINICAL_NOTE, PLANTED
from tests.failing_format import CANARY


def format_record(record: logging.LogRecord) -> str:
    return logging.Formatter("%(name)s %(levelname)s %(message)s").format(
        log_redaction.scrub(record)
    )


def make_record(
    name: str, msg: str, args: tuple[object, ...] = (), exc: BaseException | None = None
) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.LogRecord(name, logging.WARNING, __file__, 1, msg, args, exc_info)


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_a_parsers_log_line_is_withheld() -> None:
    line = format_record(make_record("pypdf._reader", "bad object near %s", (CANARY,)))
    assert CANARY not in line
    assert line.startswith("pypdf._reader WARNING ") and log_redaction.WITHHELD in line


def test_exception_messages_are_withheld_but_the_traceback_kept() -> None:
    error = raised(KeyError(f"patient {CANARY}"))
    line = format_record(make_record("classifier.x", "failed", exc=error))
    assert CANARY not in line
    assert "KeyError: [withheld]" in line and "test_bootstrap.py" in line  # where it happened
    line = format_record(make_record("classifier.x", "failed: %s", (error,)))
    assert line.endswith("failed: KeyError")


def test_our_own_errors_keep_their_message() -> None:
    error = raised(CorruptDocument("page 3 of the PDF could not be read"))
    line = format_record(make_record("classifier.x", "quarantined", exc=error))
    assert "CorruptDocument: page 3 of the PDF could not be read" in line
    line = format_record(make_record("classifier.x", "document %s: %s", ("d1", 12)))
    assert line.endswith("document d1: 12")


def child_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    env.update(
        CLASSIFIER_AUDIT_DIR=str(tmp_path / "audit"),
        CLASSIFIER_DATA_DIR=str(tmp_path / "var"),
        CLASSIFIER_KEYS_DIR=str(tmp_path / "keys"),
        **extra,
    )
    return env


TWICE = """
import logging, sys
from classifier.bootstrap import bootstrap
from classifier.security import egress, log_redaction
from classifier.settings import load_settings
settings = load_settings()
first, second = bootstrap(settings), bootstrap(settings)
logging.basicConfig(level=logging.INFO, stream=sys.stdout)
logging.getLogger("pdfminer.pdfpage").warning("text near %s", sys.argv[1])
print(first is second, egress.is_active(), log_redaction.is_installed())
"""


def test_bootstrap_twice_loads_once_and_secures_the_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", TWICE, CANARY],
        cwd=ROOT,
        env=child_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "True True True"
    assert CANARY not in proc.stdout + proc.stderr


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_until_serving(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                assert json.load(r)["status"] == "ok"
                assert r.headers["Server"] == "waitress"  # waitress's own runner, not our CLI
            return
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None, "server exited"
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.5)


def events_of(audit_dir: Path, event: str) -> list[dict[str, object]]:
    return [r for r in read_records(audit_dir) if r["event"] == event]


def accepted(listener: socket.socket) -> bool:
    """Whether anything connected to `listener` (non-blocking)."""
    try:
        listener.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def test_create_app_served_by_waitress_directly_has_the_egress_guard(tmp_path: Path) -> None:
    """`waitress-serve --call web:create_app`: the app's start-up installs the guard, so the
    webhook push to a records system outside the allowlist (127.0.0.2) is refused and
    audited, and nothing arrives there."""
    with socket.socket() as outside:
        outside.bind(("127.0.0.2", 0))
        outside.listen()
        outside.setblocking(False)
        env = child_env(
            tmp_path,
            CLASSIFIER_EGRESS_ALLOW="127.0.0.1",
            CLASSIFIER_WEBHOOK_URL=f"http://127.0.0.2:{outside.getsockname()[1]}/results",
            CLASSIFIER_WEBHOOK_ATTEMPTS="1",
        )
        token = create_token(Store.from_settings(load_settings(environ=env)), "submitter", "t")[1]
        port = free_port()
        serve = ["--host=127.0.0.1", f"--port={port}", "--call", "web:create_app"]
        server = subprocess.Popen(
            [sys.executable, "-m", "waitress", *serve],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            action = submit(f"http://127.0.0.1:{port}", token, server)
            deadline = time.monotonic() + 60
            while not events_of(tmp_path / "audit", "egress_refused"):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        finally:
            server.terminate()
            output = server.communicate(timeout=30)[0].decode()
        reached = accepted(outside)
    assert action == "redact", output
    assert not reached, "a connection reached 127.0.0.2"
    (refused,) = events_of(tmp_path / "audit", "egress_refused")
    assert (refused["address"], refused["kind"]) == ("127.0.0.2", "connect"), output
    assert "egress refused" in output
    assert all(v not in output for v in PLANTED)


def submit(base: str, token: str, server: subprocess.Popen[bytes]) -> str:
    """Upload the clinical note as a file (the default policy redacts it: a final action,
    so the result is pushed to the webhook); its action."""
    wait_until_serving(base, server)
    boundary = "lifecycle-boundary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="note.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\n{CLINICAL_NOTE}\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        base + "/api/v1/documents",
        data=body,
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Authorization": f"Bearer {token}",
        },
    )
    with urllib.request.urlopen(request, timeout=120) as r:
        return str(json.load(r)["action"])
