"""State database: migrations, tokens stored hashed, local accounts, retention, sealing."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from classifier.errors import AccessError, StoreError, VaultError
from classifier.security.access import (
    authenticate,
    create_user,
    hash_password,
    verify_password,
)
from classifier.security.tokens import create_token, principal_for_token
from classifier.security.vault import Vault
from classifier.service.store import SCHEMA_VERSION, Store


def test_migrations_run_once_and_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    store = Store(path)
    assert store.version() == SCHEMA_VERSION
    assert store.migrate() == 0
    store.close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_partial_migration_applies_the_rest(tmp_path: Path) -> None:
    from classifier.service.store import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(MIGRATIONS[0])
        db.execute("PRAGMA user_version = 1")
    store = Store(path)
    assert store.version() == SCHEMA_VERSION
    assert store.corrections() == []


def test_tokens_are_stored_hashed_and_revocable(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    token_id, token = create_token(store, "reviewer", "records")
    principal = principal_for_token(store, token)
    assert principal is not None and principal.role == "reviewer"
    raw = (tmp_path / "s.sqlite3").read_bytes() + (tmp_path / "s.sqlite3-wal").read_bytes()
    assert token.encode() not in raw
    assert principal_for_token(store, token + "x") is None
    assert store.revoke_token(token_id)
    assert principal_for_token(store, token) is None
    with pytest.raises(AccessError):
        create_token(store, "root")


def test_passwords(tmp_path: Path) -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$") and verify_password("correct horse battery", stored)
    assert not verify_password("wrong", stored) and not verify_password("x", "garbage")
    store = Store(tmp_path / "s.sqlite3")
    create_user(store, "ana", "correct horse battery", "admin")
    assert authenticate(store, "ana", "correct horse battery").role == "admin"  # type: ignore[union-attr]
    assert authenticate(store, "ana", "nope") is None
    assert authenticate(store, "bob", "correct horse battery") is None
    with pytest.raises(AccessError):
        create_user(store, "bob", "short", "admin")


def test_retention_purges_sealed_blobs(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    vault = Vault.from_keys_dir(tmp_path / "keys")
    for doc_id in ("old", "new"):
        store.add_document(
            doc_id,
            source="api",
            owner="token:1",
            filename="a.txt",
            media_type="text/plain",
            sha256="0" * 64,
            original=vault.seal(b"secret", doc_id),
        )
        store.update_document(doc_id, status="processed")
    store.update_document("old", created_at=time.time() - 40 * 86400)
    assert store.purge_before(time.time() - 30 * 86400) == ["old"]
    assert store.blob("old", "original") is None
    assert vault.open(store.blob("new", "original") or b"", "new") == b"secret"
    with pytest.raises(VaultError):  # bound to its row
        vault.open(store.blob("new", "original") or b"", "old")
