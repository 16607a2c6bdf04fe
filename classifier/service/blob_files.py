"""Sealed originals and outputs as files on storage every node sees (`shared_storage`).

With `shared_storage` set, the store keeps each document's sealed original, result and redacted
file as `<shared_storage>/documents/<id[:2]>/<id>.<column>` instead of in the database, so a
web node serves a download a worker node produced, and the database (SQLite or PostgreSQL)
holds only the columns beside them. The bytes are the vault's either way (AES-256-GCM under the
site key, bound to the document id): every node needs the same `keys_dir/storage.key`. Files
are 0600 in 0700 folders, written under a temporary name, fsynced and renamed before the
database says they exist; retention deletes them with the database's copies.
"""

from __future__ import annotations

import re
from pathlib import Path

from classifier.errors import StoreError, VaultError
from classifier.security.at_rest import private_dir, write_private
from classifier.security.vault import Vault
from classifier.settings import Settings

SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")
FOLDER = "documents"
KEY_CHECK = ".site-key-check"  # a value sealed by the first node: do the others share its key?


class BlobFiles:
    def __init__(self, root: Path):
        self.root = private_dir(root)

    @classmethod
    def from_settings(cls, settings: Settings) -> BlobFiles | None:
        return cls(Path(settings.shared_storage) / FOLDER) if settings.shared_storage else None

    def path(self, doc_id: str, column: str) -> Path:
        if not SAFE_ID.fullmatch(doc_id):
            raise StoreError("a document id that cannot name a stored file")
        return self.root / doc_id[:2] / f"{doc_id}.{column}"

    def put(self, doc_id: str, column: str, sealed: bytes | None) -> None:
        """Write (or, for None, delete) one sealed value, durably."""
        path = self.path(doc_id, column)
        if sealed is None:
            path.unlink(missing_ok=True)
            return
        private_dir(path.parent)
        write_private(path, sealed, durable=True)

    def get(self, doc_id: str, column: str) -> bytes | None:
        try:
            return self.path(doc_id, column).read_bytes()
        except FileNotFoundError:
            return None

    def drop(self, doc_id: str, columns: tuple[str, ...]) -> None:
        for column in columns:
            self.put(doc_id, column, None)

    def check_site_key(self, vault: Vault) -> None:
        """Refuse to start a node whose site key differs from the one that sealed the shared
        documents (it could open none of them); the first node leaves the check value."""
        path = self.root / KEY_CHECK
        try:
            sealed = path.read_bytes()
        except FileNotFoundError:
            write_private(path, vault.seal(KEY_CHECK.encode(), KEY_CHECK), durable=True)
            return
        try:
            vault.open(sealed, KEY_CHECK)
        except VaultError:
            raise VaultError(
                f"{self.root}: the shared documents were sealed under another site key; "
                "every node needs the same keys_dir/storage.key"
            ) from None
