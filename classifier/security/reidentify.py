"""`classifier reidentify`: restore the values the `encrypt` operator sealed, for an
authenticated operator (a user or token holding the `reidentify` permission, see
`accounts.operator`), with an audit record of who, why and how many (never the values)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from classifier.audit.log import AuditLog
from classifier.errors import NotPermitted
from classifier.policy.operators import decrypt_tokens
from classifier.security.access import Principal
from classifier.security.keys import load_or_create_key
from classifier.settings import Settings


def reidentify(
    settings: Settings, path: Path, operator: Principal, reason: str, audit: AuditLog | None = None
) -> str:
    if not operator.can("reidentify"):
        raise NotPermitted(f"role {operator.role} may not reidentify")
    text = path.read_text(encoding="utf-8")
    key = load_or_create_key(Path(settings.keys_dir) / "encryption.key")
    restored, count = decrypt_tokens(text, key)
    (audit or AuditLog.from_settings(settings)).record(
        "document.reidentified",
        actor=operator.id,
        reason=reason,
        source="cli",
        file_sha256=hashlib.sha256(text.encode()).hexdigest(),
        values_restored=count,
        outcome="success",
    )
    return restored
