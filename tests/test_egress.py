"""The egress guard. Audit hooks cannot be removed, so the guard is installed in child
processes, never in the test process. Only loopback is touched: 127.0.0.1 is allowed and
127.0.0.2 (loopback too, so nothing could leave even if the guard failed) is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from classifier.audit.log import read_records
from classifier.security.egress import Allowlist

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("allow", "host", "allowed"),
    [
        ("127.0.0.1", "127.0.0.1", True),
        ("127.0.0.1", "127.0.0.2", False),
        ("127.0.0.1", "::ffff:127.0.0.1", True),
        ("127.0.0.1", "::1", False),
        ("127.0.0.0/8,::1", "127.9.9.9", True),
        ("127.0.0.0/8,::1", "::1", True),
        ("127.0.0.0/8,::1", "10.0.0.1", False),
        ("10.20.0.0/16", "10.20.30.40", True),
        ("10.20.0.0/16", "10.21.0.1", False),
        ("records.hospital.internal, 10.1.2.3", "10.1.2.3", True),
        ("127.0.0.1", "localhost", True),  # a local name; its address is checked on connect
        ("127.0.0.1", "records.hospital.internal", False),
        ("records.hospital.internal", "RECORDS.hospital.internal.", True),
    ],
)
def test_allowlist(allow: str, host: str, allowed: bool) -> None:
    assert Allowlist.parse(allow).allows_address(host) is allowed


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    env.pop("PYTHONPATH", None)
    env.update(
        CLASSIFIER_AUDIT_DIR=str(tmp_path / "audit"),
        CLASSIFIER_DATA_DIR=str(tmp_path / "var"),
        **extra,
    )
    return env


GUARDED = """
import json, socket, subprocess, sys
from classifier.security import egress
from classifier.settings import load_settings

egress.install_for_settings(load_settings())
results = {}

def attempt(name, call):
    try:
        call()
        results[name] = "ok"
    except egress.EgressRefused as exc:
        assert isinstance(exc, PermissionError)
        results[name] = "refused: " + str(exc)

server = socket.create_server(("127.0.0.1", 0))
port = server.getsockname()[1]
trap = socket.create_server(("127.0.0.2", 0))  # a listener the guard must keep us from
trap_port = trap.getsockname()[1]
trap.settimeout(0.2)

attempt("connect 127.0.0.1", lambda: socket.create_connection(("127.0.0.1", port)).close())
attempt("connect 127.0.0.2", lambda: socket.create_connection(("127.0.0.2", trap_port)))
attempt("connect_ex 127.0.0.2", lambda: socket.socket().connect_ex(("127.0.0.2", trap_port)))
attempt("sendto 127.0.0.2", lambda: socket.socket(type=socket.SOCK_DGRAM).sendto(
    b"x", ("127.0.0.2", trap_port)))
attempt("lookup outside", lambda: socket.getaddrinfo("records.example.invalid", 443))
attempt("lookup localhost", lambda: socket.getaddrinfo("localhost", port))
try:
    trap.accept()
    results["trap"] = "a connection reached 127.0.0.2"
except TimeoutError:
    results["trap"] = "untouched"

child = subprocess.run(
    [sys.executable, "-c",
     "import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1]))).close();"
     "socket.create_connection(('127.0.0.2', int(sys.argv[2])))",
     str(port), str(trap_port)],
    capture_output=True, text=True,
)
results["child"] = {"rc": child.returncode, "stderr": child.stderr[-600:]}
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def guarded_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    tmp = tmp_path_factory.mktemp("egress")
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(GUARDED)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=clean_env(tmp, CLASSIFIER_EGRESS_ALLOW="127.0.0.1"),
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.splitlines()[-1]), tmp / "audit"


def test_allowed_loopback_connects(guarded_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = guarded_run
    assert results["connect 127.0.0.1"] == "ok"
    assert results["lookup localhost"] == "ok"


@pytest.mark.parametrize(
    "attempt", ["connect 127.0.0.2", "connect_ex 127.0.0.2", "sendto 127.0.0.2"]
)
def test_outside_the_allowlist_is_refused_before_it_connects(
    guarded_run: tuple[dict[str, Any], Path], attempt: str
) -> None:
    results, _ = guarded_run
    message = results[attempt]
    assert message.startswith("refused: egress refused:")
    assert "127.0.0.2:" in message and "allowlist (127.0.0.1)" in message
    assert "called from __main__" in message
    assert results["trap"] == "untouched"


def test_lookups_of_outside_names_are_refused(guarded_run: tuple[dict[str, Any], Path]) -> None:
    results, _ = guarded_run
    assert results["lookup outside"].startswith("refused: egress refused: lookup")
    assert "records.example.invalid:443" in results["lookup outside"]


def test_refusals_are_audited(guarded_run: tuple[dict[str, Any], Path]) -> None:
    _, audit_dir = guarded_run
    refused = [r for r in read_records(audit_dir) if r["event"] == "egress_refused"]
    kinds = sorted((r["kind"], r["address"]) for r in refused)
    assert ("connect", "127.0.0.2") in kinds and ("sendto", "127.0.0.2") in kinds
    assert ("lookup", "records.example.invalid") in kinds
    first = next(r for r in refused if r["kind"] == "connect")
    assert isinstance(first["port"], int) and first["module"] == "__main__"


def test_python_children_inherit_the_guard(guarded_run: tuple[dict[str, Any], Path]) -> None:
    results, audit_dir = guarded_run
    child = results["child"]
    assert child["rc"] != 0
    assert "EgressRefused" in child["stderr"] and "127.0.0.2" in child["stderr"]
    pids = {r["pid"] for r in read_records(audit_dir) if r["event"] == "egress_refused"}
    assert len(pids) == 2  # the parent's refusals and the child's


def test_the_cli_installs_the_guard(tmp_path: Path) -> None:
    code = (
        "import socket\n"
        "from classifier.cli import main as cli\n"
        "from classifier.security import egress\n"
        "assert not egress.is_active()\n"
        "assert cli.main(['settings']) == 0\n"
        "print('active', egress.is_active(), egress.allowlist().text)\n"
        "socket.create_connection(('127.0.0.2', 9))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=clean_env(tmp_path, CLASSIFIER_EGRESS_ALLOW="127.0.0.1"),
    )
    assert "active True 127.0.0.1" in out.stdout, out.stderr
    assert out.returncode != 0 and "EgressRefused" in out.stderr
    (record,) = [r for r in read_records(tmp_path / "audit") if r["event"] == "egress_refused"]
    assert (record["address"], record["port"], record["module"]) == ("127.0.0.2", 9, "__main__")
