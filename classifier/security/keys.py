"""Site keys (HMAC for keyed hashes, AES-GCM for reversible encryption), one file each, kept
outside the log and output folders, created on first use with owner-only permissions."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create_key(path: Path, nbytes: int = 32) -> bytes:
    if path.is_file():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    return key
