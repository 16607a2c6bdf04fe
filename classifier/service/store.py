"""Service state in SQLite (or PostgreSQL: service/database.py): documents (jobs and results),
the review queue, corrections, users and API tokens.

The schema is versioned with `PRAGMA user_version` (a table in PostgreSQL); `MIGRATIONS[i]`
takes a database from version i to i + 1 and every pending one runs, in order, in one
transaction at open. A
database written by a newer release (a higher version than we know) is refused rather than
guessed at. Originals and results are stored sealed (see `vault`), in the database or, with
`shared_storage` set, as files every node sees (`blob_files`); the columns beside them hold
only what the queue, metrics and access checks need: labels, actions, hashes, owners.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from classifier.errors import StoreError
from classifier.security.at_rest import FILE_MODE, make_private, private_dir
from classifier.service.blob_files import BlobFiles
from classifier.service.database import PostgresEngine, SqliteEngine, is_postgres
from classifier.service.listing import DocumentQuery
from classifier.settings import Settings

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: documents, review actions, users, tokens
    """
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        source TEXT NOT NULL,
        owner TEXT NOT NULL,
        filename TEXT NOT NULL,
        media_type TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL,
        label TEXT, domain TEXT, confidence REAL, sensitivity TEXT, action TEXT,
        review_state TEXT,
        error_reason TEXT,
        original BLOB,
        result BLOB,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        purged_at REAL
    );
    CREATE INDEX documents_review ON documents (review_state, created_at);
    CREATE INDEX documents_owner ON documents (owner, created_at);
    CREATE TABLE review_actions (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id),
        actor TEXT NOT NULL,
        decision TEXT NOT NULL,
        label TEXT NOT NULL,
        spans_added INTEGER NOT NULL,
        spans_removed INTEGER NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL,
        created_at REAL NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE tokens (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at REAL NOT NULL,
        revoked_at REAL
    );
    """,
    # 1 -> 2: reviewer corrections kept as labelled training examples (sealed text)
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents (id),
        actor TEXT NOT NULL,
        label TEXT NOT NULL,
        predicted_label TEXT NOT NULL,
        example BLOB NOT NULL,
        created_at REAL NOT NULL
    );
    """,
    # 2 -> 3: server-side UI sessions (the cookie holds only a random id; its sha256 here)
    # and failed logins (keyed hashes of account and address) for the sliding-window throttle
    """
    CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id INTEGER REFERENCES users (id),
        data TEXT NOT NULL,
        created_at REAL NOT NULL,
        seen_at REAL NOT NULL
    );
    CREATE INDEX sessions_user ON sessions (user_id);
    CREATE TABLE login_failures (
        id INTEGER PRIMARY KEY,
        subject TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE INDEX login_failures_subject ON login_failures (subject, created_at);
    """,
    # 3 -> 4: the redacted document in its own format (PDF, DOCX, image, HTML, e-mail), sealed
    """
    ALTER TABLE documents ADD COLUMN redacted BLOB;
    ALTER TABLE review_actions ADD COLUMN reason BLOB;
    CREATE TABLE review_locks (
        document_id TEXT PRIMARY KEY REFERENCES documents (id),
        actor TEXT NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX documents_created ON documents (created_at);
    """,
    # 4 -> 5: who is to review a held document (service/assignment.py)
    """
    CREATE TABLE review_assignments (
        document_id TEXT PRIMARY KEY REFERENCES documents (id),
        assignee TEXT NOT NULL,
        assigned_by TEXT NOT NULL,
        assigned_at REAL NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class DocumentRow:
    id: str
    status: str  # queued | running | processed | quarantined | failed
    source: str
    owner: str
    filename: str
    media_type: str
    sha256: str
    label: str | None
    domain: str | None
    confidence: float | None
    sensitivity: str | None
    action: str | None
    review_state: str | None  # None | pending | released | blocked
    error_reason: str | None
    created_at: float
    updated_at: float
    purged_at: float | None

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "filename": self.filename,
            "media_type": self.media_type,
            "sha256": self.sha256,
            "label": self.label,
            "confidence": self.confidence,
            "sensitivity": self.sensitivity,
            "action": self.action,
            "review_state": self.review_state,
            "source": self.source,
            "submitter": self.owner,
            "created_at": self.created_at,
        }


_DOC_COLUMNS = ", ".join(DocumentRow.__dataclass_fields__)
BLOB_COLUMNS = ("original", "result", "redacted")


def database_path(settings: Settings) -> Path:
    return Path(settings.database or Path(settings.data_dir) / "state.sqlite3")


def database_location(settings: Settings) -> str | Path:
    """A postgresql:// URL as given, else the SQLite file."""
    return settings.database if is_postgres(settings.database) else database_path(settings)


def _private_database_file(path: Path) -> None:
    """The SQLite file owner-only from the start (and one an older release made 0644)."""
    if not path.parent.exists():
        private_dir(path.parent)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE))
    make_private(path)


class Store:
    def __init__(self, path: str | Path, files: BlobFiles | None = None):
        """`path`: the SQLite file, or a postgresql:// URL; `files`: where sealed originals
        and outputs go instead of the database (`shared_storage`)."""
        self.files = files
        if not is_postgres(path):
            _private_database_file(Path(path))
        self.engine = PostgresEngine(str(path)) if is_postgres(path) else SqliteEngine(Path(path))
        self.path = Path(path) if isinstance(self.engine, SqliteEngine) else None
        self._local = threading.local()
        try:
            self.engine.prepare(self._connection())
            self.migrate()
        except BaseException:
            self.close()
            raise

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        return cls(database_location(settings), BlobFiles.from_settings(settings))

    def _connection(self) -> sqlite3.Connection:
        # a PostgresConnection stands in for sqlite3.Connection (service/database.py)
        db: Any = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self.engine.connect()
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        if db.in_transaction:  # nested: the outer transaction commits
            yield db
            return
        self.engine.begin(db)
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def version(self) -> int:
        return self.engine.get_version(self._connection())

    def migrate(self) -> int:
        """Apply the pending migrations; return how many ran."""
        with self.transaction() as db:
            current = self.engine.get_version(db)
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.engine.label}: schema version {current} is newer than this release "
                    f"({SCHEMA_VERSION}); upgrade the service"
                )
            for script in MIGRATIONS[current:]:
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(self.engine.ddl(statement))
            self.engine.set_version(db, SCHEMA_VERSION)
        return SCHEMA_VERSION - current

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # documents ----------------------------------------------------------------------------
    def add_document(
        self,
        doc_id: str,
        *,
        source: str,
        owner: str,
        filename: str,
        media_type: str,
        sha256: str,
        original: bytes,
    ) -> None:
        now = time.time()
        if self.files is not None:  # the file first: the row never names a missing one
            self.files.put(doc_id, "original", original)
        stored = None if self.files is not None else original
        with self.transaction() as db:
            db.execute(
                "INSERT INTO documents (id, status, source, owner, filename, media_type, sha256,"
                " original, created_at, updated_at) VALUES (?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, source, owner, filename, media_type, sha256, stored, now, now),
            )

    def update_document(self, doc_id: str, **fields: Any) -> None:
        allowed = set(DocumentRow.__dataclass_fields__) | set(BLOB_COLUMNS)
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown document fields {sorted(unknown)}")
        if self.files is not None:
            for column in set(BLOB_COLUMNS) & fields.keys():
                self.files.put(doc_id, column, fields[column])
                fields[column] = None
        fields["updated_at"] = time.time()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        with self.transaction() as db:
            db.execute(
                f"UPDATE documents SET {assignments} WHERE id = ?", (*fields.values(), doc_id)
            )

    def claim_queued(self, doc_id: str, seen_updated_at: float, now: float) -> bool:
        """Stamp a queued row's `updated_at` if no one else did since it read `seen_updated_at`
        (a job's claim, scale/jobs.py); True if this caller holds it now."""
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE documents SET updated_at = ? WHERE id = ? AND status = 'queued'"
                " AND updated_at = ?",
                (now, doc_id, seen_updated_at),
            )
            return cursor.rowcount == 1

    def document(self, doc_id: str) -> DocumentRow | None:
        row = (
            self._connection()
            .execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,))
            .fetchone()
        )
        return DocumentRow(**dict(row)) if row else None

    def blob(self, doc_id: str, column: str) -> bytes | None:
        if column not in BLOB_COLUMNS:
            raise ValueError(column)
        stored = None if self.files is None else self.files.get(doc_id, column)
        if stored is not None:
            return stored
        row = (
            self._connection()
            .execute(f"SELECT {column} FROM documents WHERE id = ?", (doc_id,))
            .fetchone()
        )
        return None if row is None or row[0] is None else bytes(row[0])

    def documents(
        self, *, owner: str | None = None, review_state: str | None = None, limit: int = 100
    ) -> list[DocumentRow]:
        where, params = [], []
        if owner is not None:
            where.append("owner = ?")
            params.append(owner)
        if review_state is not None:
            where.append("review_state = ?")
            params.append(review_state)
        sql = f"SELECT {_DOC_COLUMNS} FROM documents"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC LIMIT ?"
        rows = self._connection().execute(sql, (*params, limit)).fetchall()
        return [DocumentRow(**dict(r)) for r in rows]

    def unfinished(self, statuses: tuple[str, ...]) -> list[DocumentRow]:
        """Rows in one of `statuses` (jobs a crash left), oldest first; any number."""
        marks = ", ".join("?" for _ in statuses)
        rows = (
            self._connection()
            .execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE status IN ({marks})"
                " ORDER BY created_at",
                statuses,
            )
            .fetchall()
        )
        return [DocumentRow(**dict(r)) for r in rows]

    def search(self, query: DocumentQuery, owner: str | None) -> tuple[list[DocumentRow], int]:
        """One page of the documents `query` selects, and how many it selects in all."""
        where, params = query.where(owner)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        db = self._connection()
        total = int(db.execute(f"SELECT count(*) FROM documents{clause}", params).fetchone()[0])
        rows = db.execute(
            f"SELECT {_DOC_COLUMNS} FROM documents{clause} ORDER BY {query.order} LIMIT ? OFFSET ?",
            (*params, query.per_page, query.offset),
        ).fetchall()
        return [DocumentRow(**dict(r)) for r in rows], total

    def distinct(self, column: str) -> list[str]:
        """The values a filter can take (labels, sources, submitters) for the list's menus."""
        if column not in ("label", "action", "status", "source", "owner", "review_state"):
            raise ValueError(column)
        rows = self._connection().execute(
            f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL ORDER BY 1"
        )
        return [str(r[0]) for r in rows]

    def activity(self, since: float) -> list[sqlite3.Row]:
        """What the operations page counts, for documents received since `since`."""
        return list(
            self._connection().execute(
                "SELECT created_at, source, label, status, action, review_state FROM documents"
                " WHERE created_at >= ?",
                (since,),
            )
        )

    def queued(self) -> int:
        row = self._connection().execute("SELECT count(*) FROM documents WHERE status = 'queued'")
        return int(row.fetchone()[0])

    def review_depth(self) -> int:
        row = (
            self._connection()
            .execute("SELECT count(*) FROM documents WHERE review_state = 'pending'")
            .fetchone()
        )
        return int(row[0])

    def purge_before(self, cutoff: float) -> list[str]:
        """Drop the stored original and result of documents created before `cutoff`."""
        with self.transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "SELECT id FROM documents WHERE created_at < ? AND purged_at IS NULL"
                    " AND status NOT IN ('queued', 'running')",
                    (cutoff,),
                )
            ]
            db.executemany(
                "UPDATE documents SET original = NULL, result = NULL, redacted = NULL,"
                " purged_at = ? WHERE id = ?",
                [(time.time(), i) for i in ids],
            )
        if self.files is not None:
            for doc_id in ids:
                self.files.drop(doc_id, BLOB_COLUMNS)
        return ids

    # review -------------------------------------------------------------------------------
    def add_review_action(
        self,
        doc_id: str,
        actor: str,
        decision: str,
        label: str,
        counts: tuple[int, int],
        reason: bytes | None = None,
    ) -> None:
        """`counts`: spans (added, removed); `reason`: the reviewer's words, sealed."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO review_actions (document_id, actor, decision, label, spans_added,"
                " spans_removed, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (doc_id, actor, decision, label, *counts, reason, time.time()),
            )

    def review_actions(self, doc_id: str) -> list[sqlite3.Row]:
        return list(
            self._connection().execute(
                "SELECT actor, decision, label, spans_added, spans_removed, reason, created_at"
                " FROM review_actions WHERE document_id = ? ORDER BY id",
                (doc_id,),
            )
        )

    def add_correction(
        self, doc_id: str, actor: str, label: str, predicted: str, example: bytes
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO corrections (document_id, actor, label, predicted_label, example,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, actor, label, predicted, example, time.time()),
            )

    def lock(self, doc_id: str, actor: str, seconds: float) -> str:
        """Take (or renew) the review lock for `actor`; return who holds it afterwards."""
        now = time.time()
        with self.transaction() as db:
            db.execute(
                "INSERT INTO review_locks (document_id, actor, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (document_id) DO UPDATE SET actor = excluded.actor,"
                " expires_at = excluded.expires_at"
                " WHERE review_locks.actor = excluded.actor OR review_locks.expires_at < ?",
                (doc_id, actor, now + seconds, now),
            )
            row = db.execute(
                "SELECT actor FROM review_locks WHERE document_id = ?", (doc_id,)
            ).fetchone()
        return str(row[0])

    def unlock(self, doc_id: str, actor: str | None = None) -> None:
        """Drop the lock (only `actor`'s, when given)."""
        sql, params = "DELETE FROM review_locks WHERE document_id = ?", [doc_id]
        if actor is not None:
            sql += " AND actor = ?"
            params.append(actor)
        with self.transaction() as db:
            db.execute(sql, params)

    def locks(self) -> dict[str, str]:
        """document id -> who holds its review lock, for the locks not expired."""
        rows = self._connection().execute(
            "SELECT document_id, actor FROM review_locks WHERE expires_at >= ?", (time.time(),)
        )
        return {str(r[0]): str(r[1]) for r in rows}

    def corrections(self) -> list[tuple[str, bytes]]:
        rows = self._connection().execute(
            "SELECT document_id, example FROM corrections ORDER BY id"
        )
        return [(r[0], bytes(r[1])) for r in rows]

    # users and tokens ---------------------------------------------------------------------
    def add_user(self, username: str, password_hash: str, role: str) -> tuple[int, bool]:
        """Create or update an account (enabled again); (its id, whether it is new)."""
        with self.transaction() as db:
            before = db.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
            db.execute(
                "INSERT INTO users (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,"
                " role = excluded.role, disabled = 0",
                (username, password_hash, role, time.time()),
            )
            row = db.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
            return int(row[0]), before is None

    def user(self, username: str) -> sqlite3.Row | None:
        """The enabled account `username` (id, username, password_hash, role), or None."""
        row: sqlite3.Row | None = (
            self._connection()
            .execute(
                "SELECT id, username, password_hash, role FROM users"
                " WHERE username = ? AND disabled = 0",
                (username,),
            )
            .fetchone()
        )
        return row

    def account(self, username: str) -> sqlite3.Row | None:
        """The account `username`, enabled or not (id, username, role, disabled), or None."""
        row: sqlite3.Row | None = (
            self._connection()
            .execute(
                "SELECT id, username, role, disabled FROM users WHERE username = ?", (username,)
            )
            .fetchone()
        )
        return row

    def set_user_disabled(self, username: str, disabled: bool) -> int | None:
        """Disable or enable `username`; its id, or None when there is no such account."""
        with self.transaction() as db:
            row = db.execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
            if row is None:
                return None
            db.execute("UPDATE users SET disabled = ? WHERE id = ?", (int(disabled), row[0]))
            return int(row[0])

    # sessions and failed logins -------------------------------------------------------------
    def save_session(self, id_hash: str, user_id: int | None, data: str, now: float) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO sessions (id_hash, user_id, data, created_at, seen_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (id_hash) DO UPDATE SET"
                " user_id = excluded.user_id, data = excluded.data, seen_at = excluded.seen_at",
                (id_hash, user_id, data, now, now),
            )

    def session(self, id_hash: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self._connection()
            .execute(
                "SELECT id_hash, user_id, data, created_at, seen_at FROM sessions"
                " WHERE id_hash = ?",
                (id_hash,),
            )
            .fetchone()
        )
        return row

    def touch_session(self, id_hash: str, now: float) -> None:
        with self.transaction() as db:
            db.execute("UPDATE sessions SET seen_at = ? WHERE id_hash = ?", (now, id_hash))

    def delete_session(self, id_hash: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))

    def end_user_sessions(self, user_id: int) -> int:
        """End every session of one account; how many there were."""
        with self.transaction() as db:
            return db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,)).rowcount

    def purge_sessions(self, seen_before: float, created_before: float) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "DELETE FROM sessions WHERE seen_at < ? OR created_at < ?",
                (seen_before, created_before),
            )
            return cursor.rowcount

    def add_login_failure(self, subjects: tuple[str, ...], now: float) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO login_failures (subject, created_at) VALUES (?, ?)",
                [(subject, now) for subject in subjects],
            )

    def login_failures(self, subject: str, since: float) -> int:
        row = (
            self._connection()
            .execute(
                "SELECT count(*) FROM login_failures WHERE subject = ? AND created_at >= ?",
                (subject, since),
            )
            .fetchone()
        )
        return int(row[0])

    def clear_login_failures(self, subject: str, before: float | None = None) -> None:
        """Forget `subject`'s failures (a right password); all subjects' before `before`."""
        with self.transaction() as db:
            db.execute("DELETE FROM login_failures WHERE subject = ?", (subject,))
            if before is not None:
                db.execute("DELETE FROM login_failures WHERE created_at < ?", (before,))

    def add_token(self, name: str, role: str, token_hash: str) -> int:
        with self.transaction() as db:
            row = db.execute(
                "INSERT INTO tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                (name, role, token_hash, time.time()),
            ).fetchone()
            return int(row[0])

    def token(self, token_hash: str) -> sqlite3.Row | None:
        row: sqlite3.Row | None = (
            self._connection()
            .execute(
                "SELECT id, name, role FROM tokens WHERE token_hash = ? AND revoked_at IS NULL",
                (token_hash,),
            )
            .fetchone()
        )
        return row

    def revoke_token(self, token_id: int) -> bool:
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (time.time(), token_id),
            )
            return cursor.rowcount == 1
