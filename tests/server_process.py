"""The real service as a subprocess on 127.0.0.1 (`classifier serve`), for the tests that
stop it the hard way (kill -9) and start it again on the same state."""

from __future__ import annotations

import collections
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from classifier.settings import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def state_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """The environment of a service whose state is under `tmp_path`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLASSIFIER_")}
    env |= {
        "CLASSIFIER_AUDIT_DIR": str(tmp_path / "audit"),
        "CLASSIFIER_DATA_DIR": str(tmp_path / "var"),
        "CLASSIFIER_KEYS_DIR": str(tmp_path / "keys"),
    }
    return env | {f"CLASSIFIER_{k.upper()}": v for k, v in settings.items()}


def cli(env: dict[str, str], *args: str) -> str:
    command = [sys.executable, "-m", "classifier.cli.main", *args]
    return subprocess.check_output(command, cwd=ROOT, env=env, text=True, timeout=300)


class Server:
    def __init__(self, env: dict[str, str], log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "classifier.cli.main", "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 180) -> Server:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=5):
                    return self
            except (urllib.error.URLError, ConnectionError):
                assert self.process.poll() is None, "server exited"
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)

    def call(self, path: str, token: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.base + path,
            data=data,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                return r.status, json.load(r)
        except urllib.error.HTTPError as exc:
            return exc.code, json.load(exc)

    def statuses(self, token: str) -> dict[str, str]:
        """Every document's status, by id (as the token's owner sees them)."""
        status, body = self.call("/api/v1/documents?limit=500", token)
        assert status == 200, body
        return {d["id"]: d["status"] for d in body["documents"]}

    def wait_until(
        self, token: str, done: Callable[[dict[str, str]], bool], timeout: float
    ) -> dict[str, str]:
        deadline = time.monotonic() + timeout
        while True:
            statuses = self.statuses(token)
            if done(statuses):
                return statuses
            assert time.monotonic() < deadline, collections.Counter(statuses.values())
            time.sleep(0.1)

    def peak_rss_mib(self) -> float:
        """The process's peak resident memory so far (VmHWM)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
        return int(kib) / 1024

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no clean-up of any kind
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)
        self.log.close()
