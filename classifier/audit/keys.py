"""Keys of the audit trail, kept outside the log directory (default `<data_dir>/keys/`).

    audit-hmac.key      32 random bytes, hex; HMAC-SHA256 of every record       (0600)
    audit-signing.key   Ed25519 private key, PKCS#8 PEM; signs the checkpoints  (0600)
    audit-signing.pub   Ed25519 public key, PEM; all that checkpoint checks need (0644)

Writers create the keys on first use (under a lock, so concurrent workers agree on one set);
verification only loads them and never creates any. The key id is the first 16 hex digits of
the sha256 of the raw public key; every checkpoint names the key that signed it.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from classifier.errors import AuditError

HMAC_KEY = "audit-hmac.key"
SIGNING_KEY = "audit-signing.key"
PUBLIC_KEY = "audit-signing.pub"


@dataclass(frozen=True)
class AuditKeys:
    hmac_key: bytes
    public_key: Ed25519PublicKey
    signing_key: Ed25519PrivateKey | None = None  # None when loaded for verification only

    @property
    def key_id(self) -> str:
        raw = self.public_key.public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        return hashlib.sha256(raw).hexdigest()[:16]

    def mac(self, body: bytes) -> str:
        return hmac.new(self.hmac_key, body, hashlib.sha256).hexdigest()

    def mac_ok(self, body: bytes, mac: str) -> bool:
        return hmac.compare_digest(self.mac(body), mac)

    def sign(self, body: bytes) -> str:
        if self.signing_key is None:
            raise AuditError("audit keys were loaded without the signing key")
        return self.signing_key.sign(body).hex()

    def signature_ok(self, body: bytes, signature: str) -> bool:
        try:
            self.public_key.verify(bytes.fromhex(signature), body)
        except (InvalidSignature, ValueError):
            return False
        return True


def load_keys(key_dir: str | Path) -> AuditKeys:
    """The HMAC key and the public key, for verification; an AuditError if either is missing."""
    key_dir = Path(key_dir)
    try:
        hmac_key = _read_hmac_key(key_dir / HMAC_KEY)
        public = serialization.load_pem_public_key((key_dir / PUBLIC_KEY).read_bytes())
    except FileNotFoundError as exc:
        raise AuditError(f"audit key missing: {exc.filename}") from None
    except ValueError as exc:
        raise AuditError(f"audit key unreadable in {key_dir}: {exc}") from None
    if not isinstance(public, Ed25519PublicKey):
        raise AuditError(f"{key_dir / PUBLIC_KEY}: not an Ed25519 public key")
    return AuditKeys(hmac_key=hmac_key, public_key=public)


def load_or_create_keys(key_dir: str | Path) -> AuditKeys:
    """All three keys, creating any that do not exist yet (writers only)."""
    key_dir = Path(key_dir)
    key_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    with (key_dir / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (key_dir / HMAC_KEY).exists():
            _write_new(key_dir / HMAC_KEY, secrets.token_hex(32).encode() + b"\n", 0o600)
        private_path, public_path = key_dir / SIGNING_KEY, key_dir / PUBLIC_KEY
        if not private_path.exists():
            if public_path.exists():
                raise AuditError(
                    f"{private_path} is missing but {public_path} exists; restore the signing "
                    "key, or move the public key away to start a new key pair"
                )
            new = Ed25519PrivateKey.generate()
            pem = new.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            _write_new(private_path, pem, 0o600)
            public_pem = new.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            _write_new(public_path, public_pem, 0o644)
    keys = load_keys(key_dir)
    try:
        private = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
    except ValueError as exc:
        raise AuditError(f"{private_path}: unreadable signing key: {exc}") from None
    if not isinstance(private, Ed25519PrivateKey):
        raise AuditError(f"{private_path}: not an Ed25519 private key")
    if private.public_key().public_bytes_raw() != keys.public_key.public_bytes_raw():
        raise AuditError(f"{public_path} does not belong to {private_path}")
    return AuditKeys(hmac_key=keys.hmac_key, public_key=keys.public_key, signing_key=private)


def _read_hmac_key(path: Path) -> bytes:
    key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(key) < 32:
        raise ValueError(f"{path.name} holds fewer than 32 bytes")
    return key


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Write a complete file or nothing: a temporary file, fsynced, then renamed into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, mode)  # exactly this mode, whatever the umask
    os.replace(tmp, path)
