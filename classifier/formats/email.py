"""E-mail (.eml): the main headers and text parts become the text; attachments become child
documents, each processed on its own.

Redaction (`redact`):
Redacted e-mail (.eml): the same MIME structure, with
- only the headers a reader needs (From, To, Cc, Date, Subject, MIME and content headers),
  redacted values replaced in them; routing headers (Received, Return-Path, Message-ID, X-...)
  are dropped, as they name people and machines;
- text and HTML bodies redacted;
- each attachment replaced by its own redacted result (processed on its own, as a child
  document), in its own format where there is one, else its redacted text; an attachment
  that was quarantined, or a part that cannot be redacted (an inline image without a name),
  becomes a short text note.
"""

from __future__ import annotations

import email
import email.policy
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from classifier.document import Document, Extracted, Finding, Quarantined, Result
from classifier.errors import CorruptDocument, NestingTooDeep
from classifier.formats.html import html_to_text, redact_markup
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.values import replace_all, value_pairs
from classifier.stages.ingest import ingest_bytes

HEADERS = ("From", "To", "Cc", "Date", "Subject")
MAX_MIME_DEPTH = 30  # multiparts in multiparts: the parser's and walk()'s recursion stay small


def check_nesting(message: EmailMessage, depth: int, limits: Limits) -> None:
    """NestingTooDeep when messages inside the message (`message/rfc822` parts) or its
    attachments would go deeper than `max_attachment_depth` (counted from the document as
    received, `depth` levels up), or multiparts nest deeper than MAX_MIME_DEPTH. Walks the
    parts without recursion, so a hostile nesting cannot exhaust the stack."""
    stack: list[tuple[object, int, int]] = [(message, 0, depth)]
    while stack:
        part, mime_depth, message_depth = stack.pop()
        assert isinstance(part, EmailMessage)
        if mime_depth > MAX_MIME_DEPTH:
            raise NestingTooDeep(f"MIME parts nested over {MAX_MIME_DEPTH} levels deep")
        if message_depth > limits.max_attachment_depth:
            raise NestingTooDeep(f"messages nested over {limits.max_attachment_depth} levels deep")
        if not part.is_multipart():
            if _is_attachment(part) and depth + 1 > limits.max_attachment_depth:
                raise NestingTooDeep(
                    f"attachments nested over {limits.max_attachment_depth} levels deep"
                )
            continue
        inner = 1 if part.get_content_type() == "message/rfc822" else 0
        payload = part.get_payload()
        for child in payload if isinstance(payload, list) else []:
            stack.append((child, mime_depth + 1, message_depth + inner))


def _is_attachment(part: EmailMessage) -> bool:
    return part.get_content_disposition() == "attachment" or bool(part.get_filename())


def _part_text(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_type() == "text/html" else content


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _body_texts(plain: list[str], shown: list[str]) -> list[str]:
    """The plain text bodies, and each HTML body whose text they do not already hold (an
    HTML alternative can say more than its plain text, and is redacted from this text)."""
    said = _squeezed("".join(plain))
    return plain + [t for t in shown if _squeezed(t) not in said]


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    try:
        message = email.message_from_bytes(document.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        check_nesting(message, document.depth, limits)
        lines = [f"{h}: {message[h]}" for h in HEADERS if message[h] is not None]
        plain: list[str] = []
        shown: list[str] = []  # HTML bodies
        children: list[Document] = []
        for part in message.walk():
            if part is not message:  # a forwarded message's own headers
                lines.extend(f"{h}: {part[h]}" for h in HEADERS if part[h] is not None)
            if part.is_multipart():
                continue
            assert isinstance(part, EmailMessage)
            if _is_attachment(part):
                payload = part.get_payload(decode=True)
                if part.get_filename():  # written back (redacted) as the attachment's name
                    lines.append(f"Attachment: {part.get_filename()}")
                if isinstance(payload, bytes):
                    # the child's own name says nothing: the sender's may hold a name or a
                    # number, and it goes into the result record
                    suffix = Path(part.get_filename() or "").suffix[:16]
                    name = f"attachment-{len(children) + 1}{suffix}"
                    children.append(
                        ingest_bytes(
                            payload,
                            name,
                            source=document.source,
                            actor=document.actor,
                            parent_sha256=document.sha256,
                            depth=document.depth + 1,
                        )
                    )
            elif part.get_content_type() in ("text/plain", "text/html"):
                (plain if part.get_content_type() == "text/plain" else shown).append(
                    _part_text(part)
                )
    except (ValueError, TypeError, LookupError, IndexError, AttributeError) as exc:
        raise CorruptDocument(f"the e-mail could not be parsed ({type(exc).__name__})") from None
    texts = _body_texts(plain, shown)
    text = "\n".join(lines) + "\n\n" + "\n\n".join(t.strip() for t in texts if t.strip())
    return Extracted(text=text.strip(), children=tuple(children))


KEPT_HEADERS = ("from", "to", "cc", "date", "subject", "mime-version")
REMOVED_NOTE = "[attachment removed: it could not be redacted ({reason})]\n"


def _headers(message: EmailMessage, pairs: Sequence[tuple[str, str]]) -> None:
    for name in {k.lower() for k in message}:
        if name.startswith("content-"):
            continue
        values = message.get_all(name) or []
        del message[name]
        if name not in KEPT_HEADERS:
            continue
        for value in values:
            try:
                message[name] = replace_all(str(value), pairs)
            except (ValueError, TypeError, IndexError):
                message[name] = "[redacted]"


def _attachment(
    part: EmailMessage, child: Result | Quarantined | None, pairs: Sequence[tuple[str, str]]
) -> None:
    name = replace_all(part.get_filename() or "attachment", pairs)
    if isinstance(child, Result) and child.redacted_content is not None:
        maintype, _, subtype = (child.redacted_media_type or "application/octet-stream").partition(
            "/"
        )
        part.set_content(
            child.redacted_content,
            maintype=maintype,
            subtype=subtype,
            disposition="attachment",
            filename=name,
        )
    elif isinstance(child, Result):
        part.set_content(
            child.redacted_text,
            subtype="plain",
            disposition="attachment",
            filename=f"{Path(name).stem}.redacted.txt",
        )
    else:
        reason = child.reason if child is not None else "unknown"
        part.set_content(
            REMOVED_NOTE.format(reason=reason),
            subtype="plain",
            disposition="attachment",
            filename=f"{Path(name).stem}.removed.txt",
        )


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
    children: Sequence[Result | Quarantined] = (),
) -> bytes:
    pairs = value_pairs(extracted.text, findings, replacements)
    try:
        message = email.message_from_bytes(document.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        _headers(message, pairs)
        index = 0
        for part in list(message.walk()):
            if part is not message and any(part[h] is not None for h in HEADERS):
                _headers(part, pairs)  # a forwarded message (message/rfc822)
            if part.is_multipart():
                continue
            assert isinstance(part, EmailMessage)
            ctype = part.get_content_type()
            if _is_attachment(part):
                payload = part.get_payload(decode=True)
                child = None
                if isinstance(payload, bytes):
                    child = children[index] if index < len(children) else None
                    index += 1
                _attachment(part, child, pairs)
            elif ctype in ("text/plain", "text/html"):
                content = part.get_content()
                redacted = (
                    redact_markup(content, pairs)
                    if ctype == "text/html"
                    else replace_all(content, pairs)
                )
                part.set_content(redacted, subtype=ctype.split("/")[1])
            else:
                part.set_content(REMOVED_NOTE.format(reason=ctype), subtype="plain")
        return message.as_bytes()
    except (ValueError, TypeError, LookupError, AssertionError, AttributeError) as exc:
        raise CorruptDocument(f"the e-mail could not be redacted ({type(exc).__name__})") from None
