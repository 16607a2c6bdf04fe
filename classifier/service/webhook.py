"""Push mode: POST each final result to the records system's webhook.

The body is the result JSON with the redacted text only (never the original). It is signed:
`X-Classifier-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">` with the key in
`webhook_secret_file`, and `X-Classifier-Timestamp` carries the timestamp, so the receiver can
reject replays. Delivery runs on a background thread: up to `webhook_attempts` tries, waiting
`webhook_backoff_ms`, then twice that, and so on. Every attempt is audited (document id,
attempt, HTTP status, outcome; never the body). The target must be on the egress allowlist;
one that is not is refused before any connection and audited as such.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from classifier.audit.log import AuditLog
from classifier.security.egress import Allowlist
from classifier.security.keys import load_or_create_key
from classifier.settings import Settings

log = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Classifier-Signature"
TIMESTAMP_HEADER = "X-Classifier-Timestamp"


def sign(secret: bytes, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret, timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: bytes, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def delivery(
    settings: Settings, audit: AuditLog, on_attempt: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """How results are pushed, whatever the format (this JSON webhook, FHIR bundles): the
    signing key, the audit trail, the egress allowlist, attempts and backoff."""
    secret_file = settings.webhook_secret_file or Path(settings.keys_dir) / "webhook.key"
    return {
        "secret": load_or_create_key(Path(secret_file)),
        "audit": audit,
        "allowlist": Allowlist.parse(settings.egress_allow),
        "attempts": settings.webhook_attempts,
        "backoff_s": settings.webhook_backoff_ms / 1000,
        "on_attempt": on_attempt,
    }


class WebhookSender:
    # what a subclass pushes differently (classifier/service/fhir_push.py: FHIR bundles)
    content_type = "application/json"
    event = "webhook.attempt"
    user_agent = "classifier-webhook"

    def __init__(
        self,
        url: str,
        secret: bytes,
        audit: AuditLog,
        allowlist: Allowlist,
        attempts: int = 5,
        backoff_s: float = 1.0,
        on_attempt: Callable[[str], None] | None = None,
        timeout_s: float = 10.0,
    ):
        self.url, self.secret, self.audit, self.allowlist = url, secret, audit, allowlist
        self.attempts, self.backoff_s, self.timeout_s = max(1, attempts), backoff_s, timeout_s
        self.on_attempt = on_attempt
        self._queue: queue.Queue[tuple[str, bytes] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    @classmethod
    def from_settings(
        cls, settings: Settings, audit: AuditLog, on_attempt: Callable[[str], None] | None = None
    ) -> WebhookSender | None:
        if not settings.webhook_url:
            return None
        return cls(settings.webhook_url, **delivery(settings, audit, on_attempt))

    def payload(self, record: dict[str, Any]) -> dict[str, Any]:
        """What is pushed for a stored result (redacted text only): the result itself."""
        return record

    def body(self, record: dict[str, Any]) -> bytes:
        return json.dumps(self.payload(record), ensure_ascii=False, sort_keys=True).encode()

    def submit_result(self, document_id: str, record: dict[str, Any]) -> None:
        """`record`: the result as the document service stores it (redacted text only)."""
        self.submit(document_id, self.payload(record))

    def submit(self, document_id: str, payload: dict[str, Any]) -> None:
        body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="webhook", daemon=True)
            self._thread.start()
        self._queue.put((document_id, body))

    def close(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(timeout)

    def join(self) -> None:
        """Wait until everything submitted so far has been delivered or given up (tests)."""
        self._queue.join()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                self.deliver(*item)
            except Exception:  # keep the sender alive; the attempt was audited
                log.exception("webhook sender failed")
            finally:
                self._queue.task_done()

    def deliver(self, document_id: str, body: bytes) -> bool:
        delay = self.backoff_s
        for attempt in range(1, self.attempts + 1):
            outcome = self.attempt(document_id, body, attempt)
            if outcome != "failure":
                return outcome == "success"
            if attempt == self.attempts or self._stopping.wait(delay):
                break
            delay *= 2
        log.warning("webhook gave up on document %s after %d attempts", document_id, attempt)
        return False

    def attempt(self, document_id: str, body: bytes, attempt: int) -> str:
        """One try, audited: "success", "failure" or "refused" (the destination is not on the
        egress allowlist: nothing is sent). Celery deliveries (scale/pushes.py) call it once
        per task run; `deliver` loops over it."""
        if not self.allowlist.allows_address(urlsplit(self.url).hostname or ""):
            self._audit(document_id, 0, None, "refused", "destination not on egress allowlist")
            return "refused"
        status, detail = self._post(body)
        outcome = "success" if status is not None and 200 <= status < 300 else "failure"
        self._audit(document_id, attempt, status, outcome, detail)
        return outcome

    def delay_after(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1, 2, ...)."""
        return float(self.backoff_s * 2 ** (attempt - 1))

    def _post(self, body: bytes) -> tuple[int | None, str]:
        timestamp = str(int(time.time()))
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": self.content_type,
                SIGNATURE_HEADER: sign(self.secret, timestamp, body),
                TIMESTAMP_HEADER: timestamp,
                "User-Agent": self.user_agent,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return int(response.status), ""
        except urllib.error.HTTPError as exc:
            return int(exc.code), "http error"
        except (OSError, ValueError) as exc:
            return None, type(exc).__name__

    def _audit(
        self, document_id: str, attempt: int, status: int | None, outcome: str, detail: str
    ) -> None:
        if self.on_attempt is not None:
            self.on_attempt(outcome)
        self.audit.record(
            self.event,
            document_id=document_id,
            attempt=attempt,
            http_status=status,
            outcome=outcome,
            detail=detail,
            destination=urlsplit(self.url).netloc,
        )
