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
from pathlib import Path

from classifier.audit.log import read_records
from classifier.errors import CorruptDocument
from classifier.security import log_redaction
from classifier.settings import ROOT
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
    record = make_record("classifier.x", "")
    record.msg = error  # type: ignore[assignment]  # log.error(exc)
    assert format_record(record).endswith("WARNING KeyError")


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


SERVED = """
import json, socket, sys, threading, urllib.request
from waitress import create_server
from web import create_app
app = create_app()  # as a WSGI server calls it: settings from the CLASSIFIER_* variables
server = create_server(app, host="127.0.0.1", port=0, ident="waitress")
threading.Thread(target=server.run, daemon=True).start()
url = f"http://127.0.0.1:{server.effective_port}/healthz"
with urllib.request.urlopen(url, timeout=30) as r:
    health = json.load(r)["status"], r.headers["Server"]
try:
    socket.create_connection(("127.0.0.2", int(sys.argv[1])), timeout=5).close()
    outside = "connected"
except PermissionError as exc:
    outside = type(exc).__name__
server.close()
print(json.dumps({"health": health, "outside": outside}))
"""


def accepted(listener: socket.socket) -> bool:
    """Whether anything connected to `listener` (non-blocking)."""
    try:
        listener.accept()[0].close()
    except BlockingIOError:
        return False
    return True


def test_create_app_served_by_waitress_has_the_egress_guard(tmp_path: Path) -> None:
    """`create_app()` served by waitress directly (not through the CLI), as when a WSGI server
    imports it: its start-up installs the guard, so the server answers on 127.0.0.1 while a
    connection to 127.0.0.2 (outside `egress_allow`) is refused, audited, and never arrives."""
    with socket.socket() as outside:
        outside.bind(("127.0.0.2", 0))
        outside.listen()
        outside.setblocking(False)
        proc = subprocess.run(
            [sys.executable, "-c", SERVED, str(outside.getsockname()[1])],
            cwd=ROOT,
            env=child_env(tmp_path, CLASSIFIER_EGRESS_ALLOW="127.0.0.1"),
            capture_output=True,
            text=True,
            timeout=300,
        )
        reached = accepted(outside)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer == {"health": ["ok", "waitress"], "outside": "EgressRefused"}
    assert not reached
    (refused,) = [r for r in read_records(tmp_path / "audit") if r["event"] == "egress_refused"]
    assert (refused["address"], refused["kind"]) == ("127.0.0.2", "connect")
    assert "egress refused" in proc.stderr  # the guard's warning, in the app's log
