# ruff: noqa: F811  (the receiver fixture imported from tests/loopback.py)
"""Push mode: a real HTTP receiver on 127.0.0.1; signature, retries with backoff, audit."""

from __future__ import annotations

import json
from pathlib import Path

from classifier.audit.log import AuditLog, read_records
from classifier.security.egress import Allowlist
from classifier.service.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSender, verify
from classifier.settings import load_settings
from tests.loopback import receiver  # noqa: F401

SECRET = b"k" * 32


def _audit(tmp_path: Path) -> AuditLog:
    settings = load_settings(
        overrides={"audit_dir": str(tmp_path / "audit"), "data_dir": str(tmp_path / "var")},
        environ={},
    )
    return AuditLog.from_settings(settings)


def test_signed_retried_audited(tmp_path: Path, receiver) -> None:  # type: ignore[no-untyped-def]
    url, received = receiver
    audit = _audit(tmp_path)
    sender = WebhookSender(url, SECRET, audit, Allowlist.parse("127.0.0.0/8"), 5, backoff_s=0.01)
    sender.submit("doc1", {"id": "doc1", "redacted_text": "[PERSON] came"})
    sender.join()
    sender.close()
    assert [r[0] for r in received] == [503, 500, 200]
    _, headers, body = received[-1]
    assert verify(SECRET, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    assert not verify(b"other" * 8, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    assert json.loads(body)["redacted_text"] == "[PERSON] came"
    attempts = [r for r in read_records(tmp_path / "audit") if r["event"] == "webhook.attempt"]
    assert [(a["attempt"], a["http_status"], a["outcome"]) for a in attempts] == [
        (1, 503, "failure"),
        (2, 500, "failure"),
        (3, 200, "success"),
    ]
    assert all("redacted_text" not in json.dumps(a) for a in attempts)


def test_destination_outside_allowlist_is_refused(tmp_path: Path) -> None:
    audit = _audit(tmp_path)
    sender = WebhookSender("http://192.0.2.1/hook", SECRET, audit, Allowlist.parse("127.0.0.0/8"))
    assert sender.deliver("doc1", b"{}") is False
    (attempt,) = [r for r in read_records(tmp_path / "audit") if r["event"] == "webhook.attempt"]
    assert attempt["outcome"] == "refused"


def test_the_service_pushes_each_result_after_processing(  # type: ignore[no-untyped-def]
    pipeline, test_settings, receiver, tmp_path: Path
) -> None:
    """End to end: upload through the API, the records system receives the redacted result,
    signed with the site's webhook key; the original never leaves."""
    import io

    from tests.documents import CLINICAL_NOTE, PLANTED
    from tests.web_fixtures import bearer, service_of, tokens_for
    from web import create_app

    url, received = receiver
    key = tmp_path / "webhook.key"
    key.write_bytes(SECRET)
    app = create_app(
        {
            **test_settings,
            "keys_dir": str(tmp_path / "keys"),
            "webhook_url": url,
            "webhook_secret_file": str(key),
            "webhook_backoff_ms": 10,
            "egress_allow": "127.0.0.1",
        },
        pipeline=pipeline,
    )
    response = app.test_client().post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(CLINICAL_NOTE.encode()), "note.txt")},
        content_type="multipart/form-data",
        headers=bearer(tokens_for(app)["submitter"]),
    )
    assert response.status_code == 200
    service_of(app).webhook.join()
    service_of(app).close()
    assert [r[0] for r in received] == [503, 500, 200]  # retried with backoff
    _, headers, body = received[-1]
    assert verify(SECRET, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    pushed = json.loads(body)
    assert pushed["id"] == response.json["id"]
    assert all(v not in body.decode() for v in PLANTED)
    assert pushed["redacted_text"] == response.json["redacted_text"]
    events = [r["event"] for r in read_records(pipeline.audit.directory)]
    assert events.count("webhook.attempt") == 3
