"""One machine per node id: a claim beside the node's chain.

Two machines given the same `node_id` would write one chain. On storage whose locks do not
reach across machines they interleave records with the same sequence numbers, and `audit
verify` then reports what looks like tampering. So a writer claims its node: `<dir>/.claim-
<node>` holds the host name and the time of its last write. A writer on another host refuses
(an `AuditError` naming the other host and what to do) while that claim is fresh: written
within CLAIM_SECONDS. Processes of one host share the claim. A stale claim (its machine
stopped, crashed or was replaced) is taken over; a clean stop (`AuditLog.close` at service
stop) releases it at once.

The service checks the claim at start (`AuditLog.claim`), so a duplicate machine fails to
start with the reason; every record refreshes it at most every REFRESH_SECONDS and checks it
again, so a machine that was idle while another took its node over refuses its next record
instead of forking the chain. The claim holds no document data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from classifier.errors import AuditError
from classifier.security.at_rest import temporary_name

CLAIM_SECONDS = 300.0  # a claim not refreshed for this long is stale
REFRESH_SECONDS = 30.0  # a writer rewrites its claim at most this often


def claim_name(node: str) -> str:
    return f".claim-{node}" if node else ".claim"


def this_host() -> str:
    return socket.gethostname()


@dataclass
class NodeClaim:
    """The claim of `node` in `directory` by `host` (this machine unless a test says)."""

    directory: Path
    node: str
    host: str = ""
    _written: float | None = None  # when this writer last wrote the claim (POSIX seconds)

    def __post_init__(self) -> None:
        self.host = self.host or this_host()

    @property
    def path(self) -> Path:
        return self.directory / claim_name(self.node)

    def hold(self, now: dt.datetime) -> None:
        """Refuse when another host's claim is fresh; (re)write ours when it is due. Call
        under the node's write lock."""
        seconds = now.timestamp()
        if self._written is not None and seconds - self._written < REFRESH_SECONDS:
            return
        other = self._other_host(seconds)
        if other is not None:
            host, age = other
            raise AuditError(
                f"node_id {self.node or '(empty)'!r} is in use by host {host!r} (it wrote"
                f" {age:.0f} s ago): give this machine its own node_id setting; if that"
                f" machine is gone, wait {CLAIM_SECONDS:.0f} s or remove {self.path}"
            )
        self._write(seconds)

    def release(self) -> None:
        """Remove our claim (a clean stop), leaving another host's alone."""
        if self._written is None:
            return
        owner = self._read()
        if owner is not None and owner[0] == self.host:
            self.path.unlink(missing_ok=True)
        self._written = None

    def _other_host(self, seconds: float) -> tuple[str, float] | None:
        owner = self._read()
        if owner is None or owner[0] == self.host:
            return None
        age = seconds - owner[1]
        return (owner[0], age) if age < CLAIM_SECONDS else None

    def _read(self) -> tuple[str, float] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return str(data["host"]), float(data["time"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a torn claim is no claim: ours replaces it

    def _write(self, seconds: float) -> None:
        tmp = temporary_name(self.path)
        tmp.write_text(json.dumps({"host": self.host, "time": seconds}), encoding="utf-8")
        os.replace(tmp, self.path)
        self._written = seconds
