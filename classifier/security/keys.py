"""Site keys (HMAC for keyed hashes, AES-GCM for reversible encryption), one file each, kept
outside the log and output folders, created on first use with owner-only permissions."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_or_create_key(path: Path, nbytes: int = 32) -> bytes:
    """The key in `path`, created on first use. Processes starting together (the workers of a
    pool on a fresh data folder) agree on one key: each writes its own to a private file and
    links it into place, which only the first link does; the others read the winner's whole
    file, never a half-written one."""
    if path.is_file():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = secrets.token_bytes(nbytes)
    own = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(own, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(own, path)
    except FileExistsError:
        return path.read_bytes()
    finally:
        own.unlink(missing_ok=True)
    return key


IDENTITY_KEY = "identity.key"


def identity_key(keys_dir: str | Path) -> bytes:
    """The site key of keyed hashes of identifiers (a typed user name, a client address):
    records and counters can match them without ever holding them."""
    return load_or_create_key(Path(keys_dir) / IDENTITY_KEY)


def keyed_hash(key: bytes, value: str) -> str:
    """HMAC-SHA256 of `value` under `key`, hex; the same value gives the same hash per site."""
    return hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
