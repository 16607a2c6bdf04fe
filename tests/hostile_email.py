"""Hostile e-mail fixtures, built as text: attachments nested 50 levels deep (each level an
8bit .eml attachment, so the file stays small: about 15 KB) and messages nested 50 levels
deep as `message/rfc822` parts."""

from __future__ import annotations

LEAF = (
    "From: clinic@example.org\nSubject: leaf\nMIME-Version: 1.0\n"
    "Content-Type: text/plain\n\nPatient Margaret Thornton, phone 617-555-0142.\n"
)


def _wrapped(level: int, note: str, part_headers: str, inner: str) -> str:
    """A multipart message at `level`: a text note, then `inner` under `part_headers`."""
    boundary = f"b{level}"
    return (
        f"From: clinic@example.org\nSubject: level {level}\nMIME-Version: 1.0\n"
        f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
        f"--{boundary}\nContent-Type: text/plain\n\n{note}\n"
        f"--{boundary}\n{part_headers}\n\n{inner}\n--{boundary}--\n"
    )


def nested_attachments(levels: int = 50) -> bytes:
    message = LEAF
    for level in range(levels):
        headers = (
            f'Content-Type: application/octet-stream; name="l{level}.eml"\n'
            f'Content-Disposition: attachment; filename="l{level}.eml"\n'
            "Content-Transfer-Encoding: 8bit"
        )
        message = _wrapped(level, "See the attached message.", headers, message)
    return message.encode()


def nested_messages(levels: int = 50) -> bytes:
    message = LEAF
    for level in range(levels):
        message = _wrapped(level, "Forwarded below.", "Content-Type: message/rfc822", message)
    return message.encode()
