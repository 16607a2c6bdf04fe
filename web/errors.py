"""The one place where core errors become HTTP statuses."""

from __future__ import annotations

from classifier import errors

STATUS_BY_REASON = {
    errors.DocumentTooLarge.reason: 413,
    errors.UnsupportedFormat.reason: 415,
    errors.EncryptedDocument.reason: 422,
    errors.CorruptDocument.reason: 422,
    errors.EmptyDocument.reason: 422,
}


def status_for_reason(reason: str) -> int:
    return STATUS_BY_REASON.get(reason, 422)
