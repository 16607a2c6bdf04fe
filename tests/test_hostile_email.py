"""E-mail with values in headers, in an HTML alternative that says more than its plain text
(a hidden input, a name split over inline elements) and in an attachment's file name: each is
extracted, and the redacted .eml, read again with the standard library's older compat32
parser (raw payloads and decoded headers, not the reader we redact with), holds none."""

from __future__ import annotations

import email
import email.header
import email.policy
from email.message import EmailMessage

import pytest

from classifier.pipeline import Pipeline
from classifier.stages import extract, ingest
from tests.planted import redacted_with

HIDDEN = {
    "subject": "Margaret Thornton",
    "to": "olivia.brandt@example.org",
    "html only, split": "Henry Okafor",
    "html only, hidden input": "536-22-8741",
    "attachment name": "Eleanor Whitfield",
}


def hostile_eml() -> bytes:
    message = EmailMessage()
    message["From"] = "clinic@example.org"
    message["To"] = f"Records <{HIDDEN['to']}>"
    message["Subject"] = f"Results for {HIDDEN['subject']}"
    message.set_content("See the HTML version of this message.")
    first, last = HIDDEN["html only, split"].split()
    message.add_alternative(
        f"<p>Patient <b>{first}</b> {last}</p>"
        f'<form><input type="hidden" value="{HIDDEN["html only, hidden input"]}"></form>',
        subtype="html",
    )
    message.add_attachment(
        b"Plan: follow up.", maintype="text", subtype="plain",
        filename=f"{HIDDEN['attachment name']} plan.txt",
    )  # fmt: skip
    return message.as_bytes()


def compat32_texts(content: bytes) -> str:
    message = email.message_from_bytes(content, policy=email.policy.compat32)
    seen = []
    for part in message.walk():
        for _, value in part.items():
            seen.extend(
                text.decode(charset or "utf-8") if isinstance(text, bytes) else text
                for text, charset in email.header.decode_header(value)
            )
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            seen.append(payload.decode("utf-8", "replace"))
    return "\n".join(seen)


@pytest.mark.parametrize("place", sorted(HIDDEN))
def test_every_hiding_place_is_extracted(place: str) -> None:
    text = extract.extract(ingest.ingest_bytes(hostile_eml(), "m.eml")).text
    assert HIDDEN[place] in text


def test_every_value_is_gone_from_the_redacted_eml() -> None:
    reread = compat32_texts(redacted_with(hostile_eml(), "m.eml", HIDDEN.values()))
    assert "See the HTML version" in reread
    for value in HIDDEN.values():
        assert value not in reread


def test_an_empty_html_body_is_not_an_error() -> None:
    message = EmailMessage()
    message["Subject"] = "Plain words"
    message.set_content("Some text.")
    message.add_alternative(" ", subtype="html")
    assert "Some text." in extract.extract(ingest.ingest_bytes(message.as_bytes(), "e.eml")).text


def test_a_forwarded_message_s_headers_are_redacted(pipeline: Pipeline) -> None:
    """Red team, round 7: a message/rfc822 part's Subject went out with a name and an SSN."""
    from classifier.document import Result

    inner = EmailMessage()
    inner["Subject"] = "Zelda Quorvinsky SSN 219-09-9999"
    inner["From"] = "zelda.q@example.org"
    inner.set_content("See below.")
    outer = EmailMessage()
    outer["Subject"] = "Fwd"
    outer["From"] = "clinic@example.org"
    outer.set_content("Forwarding.")
    outer.add_attachment(inner)
    result = pipeline.process_bytes(outer.as_bytes(), "fwd.eml", source="test")
    assert isinstance(result, Result) and result.redacted_content is not None
    for gone in (b"Quorvinsky", b"219-09-9999", b"zelda.q@example.org"):
        assert gone not in result.redacted_content, gone
