"""Encryption at rest for stored originals and results: AES-256-GCM under the site key.

The key lives in `<keys_dir>/storage.key` (created on first use, owner-only). Each value gets a
fresh 96-bit nonce; the document id is bound as associated data, so a sealed value moved to
another row fails to open instead of showing the wrong document.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from classifier.errors import VaultError
from classifier.security.keys import load_or_create_key

NONCE_BYTES = 12
VERSION = b"\x01"


class Vault:
    def __init__(self, key: bytes):
        self._aead = AESGCM(key)

    @classmethod
    def from_keys_dir(cls, keys_dir: str | os.PathLike[str]) -> Vault:
        return cls(load_or_create_key(Path(keys_dir) / "storage.key"))

    def seal(self, plaintext: bytes, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return VERSION + nonce + self._aead.encrypt(nonce, plaintext, context.encode())

    def open(self, sealed: bytes, context: str) -> bytes:
        if sealed[:1] != VERSION:
            raise VaultError("unknown sealed value version")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, context.encode())
        except InvalidTag:
            raise VaultError("stored value does not open under the site key") from None
