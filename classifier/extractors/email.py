"""E-mail (.eml): the main headers and text parts become the text; attachments become child
documents, each processed on its own."""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument
from classifier.extractors.html import html_to_text
from classifier.stages.ingest import ingest_bytes

HEADERS = ("From", "To", "Cc", "Date", "Subject")


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_type() == "text/html" else content


def extract(document: Document) -> Extracted:
    try:
        message = email.message_from_bytes(document.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        lines = [f"{h}: {message[h]}" for h in HEADERS if message[h] is not None]
        texts: list[str] = []
        children: list[Document] = []
        has_plain = any(p.get_content_type() == "text/plain" for p in message.walk())
        for part in message.walk():
            if part.is_multipart():
                continue
            assert isinstance(part, EmailMessage)
            if part.get_content_disposition() == "attachment" or part.get_filename():
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    name = part.get_filename() or f"attachment-{len(children) + 1}"
                    children.append(
                        ingest_bytes(
                            payload,
                            name,
                            source=document.source,
                            actor=document.actor,
                            parent_sha256=document.sha256,
                        )
                    )
            elif part.get_content_type() == "text/plain" or (
                part.get_content_type() == "text/html" and not has_plain
            ):
                texts.append(_part_text(part))
    except (ValueError, TypeError, LookupError, IndexError, AttributeError) as exc:
        raise CorruptDocument(f"the e-mail could not be parsed ({type(exc).__name__})") from None
    text = "\n".join(lines) + "\n\n" + "\n\n".join(t.strip() for t in texts if t.strip())
    return Extracted(text=text.strip(), children=tuple(children))
