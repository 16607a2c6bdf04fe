"""The state database on the real PostgreSQL server (`database = postgresql://...`): the same
migrations and behaviour as SQLite, and two app instances (two nodes) sharing one state."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from flask import Flask

from classifier.errors import StoreError
from classifier.pipeline import Pipeline
from classifier.security.access import authenticate, create_user
from classifier.security.tokens import create_token, principal_for_token
from classifier.security.vault import Vault
from classifier.service.database import redacted_url
from classifier.service.store import MIGRATIONS, SCHEMA_VERSION, Store
from tests.documents import CLINICAL_NOTE
from tests.postgres import pg_url  # noqa: F401 (fixture)
from tests.web_fixtures import bearer, service_of, web_settings  # noqa: F401 (fixture)
from web import create_app


def test_migrations_run_once_and_newer_schema_is_refused(pg_url: str) -> None:  # noqa: F811
    store = Store(pg_url)
    assert store.version() == SCHEMA_VERSION
    assert store.migrate() == 0
    assert Store(pg_url).version() == SCHEMA_VERSION  # a second node: nothing to do
    store.close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE schema_version SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(pg_url)


def test_every_migration_is_the_sqlite_one(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    Store(pg_url).close()
    with psycopg.connect(pg_url) as db:
        tables = {r[0] for r in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )}  # fmt: skip
    sqlite = Store(tmp_path / "state.sqlite3")
    in_sqlite = {r[0] for r in sqlite._connection().execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )}  # fmt: skip
    sqlite.close()
    assert {"documents", "review_actions", "users", "tokens", "sessions"} <= tables
    assert tables == in_sqlite | {"schema_version"}
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_users_tokens_documents_and_retention(pg_url: str, tmp_path: Path) -> None:  # noqa: F811
    store = Store(pg_url)
    token_id, token = create_token(store, "reviewer", "records")
    assert token_id > 0 and principal_for_token(store, token).role == "reviewer"  # type: ignore[union-attr]
    assert store.revoke_token(token_id) and principal_for_token(store, token) is None
    create_user(store, "ana", "correct horse battery", "admin")
    assert authenticate(store, "ana", "correct horse battery").role == "admin"  # type: ignore[union-attr]
    vault = Vault.from_keys_dir(tmp_path / "keys")
    for doc_id in ("old", "new"):
        store.add_document(doc_id, source="api", owner="token:1", filename="a.txt",
                           media_type="text/plain", sha256="0" * 64,
                           original=vault.seal(b"secret", doc_id))  # fmt: skip
        store.update_document(doc_id, status="processed", review_state="pending")
    assert store.review_depth() == 2
    assert [d.id for d in store.documents(review_state="pending")] == ["new", "old"]
    store.update_document("old", created_at=time.time() - 40 * 86400)
    assert store.purge_before(time.time() - 30 * 86400) == ["old"]
    assert store.blob("old", "original") is None
    assert vault.open(store.blob("new", "original") or b"", "new") == b"secret"
    store.add_review_action("new", "ana", "release", "contract", (1, 0))
    store.add_correction("new", "ana", "contract", "news_wire", b"sealed")
    assert store.corrections() == [("new", b"sealed")]


def test_a_bad_url_is_refused_without_its_password() -> None:
    url = "postgresql://user:hunter2@127.0.0.1:1/none"
    assert "hunter2" not in redacted_url(url)
    with pytest.raises(StoreError) as caught:
        Store(url)
    assert "hunter2" not in str(caught.value)


def _app(pipeline: Pipeline, settings: dict, node: str) -> Flask:  # type: ignore[type-arg]
    app = create_app({**settings, "data_dir": str(Path(settings["data_dir"]) / node)},
                     pipeline=pipeline)  # fmt: skip
    app.config["TESTING"] = True
    return app


def test_two_nodes_share_jobs_and_results(
    pipeline: Pipeline,
    web_settings: dict,  # type: ignore[type-arg]  # noqa: F811
    pg_url: str,  # noqa: F811
) -> None:
    settings = {**web_settings, "database": pg_url}
    first, second = _app(pipeline, settings, "a"), _app(pipeline, settings, "b")
    try:
        token = create_token(service_of(first).store, "submitter", "records")[1]
        posted = first.test_client().post(
            "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers=bearer(token)
        )
        assert posted.status_code == 200, posted.json
        got = second.test_client().get(
            f"/api/v1/documents/{posted.json['id']}", headers=bearer(token)
        )
        assert got.status_code == 200 and got.json["status"] == "processed"
        assert got.json["label"] == posted.json["label"]
    finally:
        service_of(first).close()
        service_of(second).close()
