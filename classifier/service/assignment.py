"""Who is to review a held document. A reviewer or an admin assigns a held document to an
account that may review (itself or another reviewer or admin) or takes the assignment away;
the queue shows the assignee and filters by it (`mine`, `unassigned`, an account). Assignment
is advice, not a lock: the review lock (service/queue.py) still decides who may act on a
document at a time. Each change is audited (`review.assigned`, `review.unassigned`: who, whom,
when; never content)."""

from __future__ import annotations

import time

from classifier.audit.log import AuditLog
from classifier.errors import Conflict, RequestError
from classifier.security.access import PERMISSIONS, Principal
from classifier.service.store import DocumentRow, Store

USER_PREFIX = "user:"
MINE, UNASSIGNED = "mine", "unassigned"


def reviewers(store: Store) -> list[str]:
    """The principal ids (`user:<name>`) of the enabled accounts that may review."""
    roles = sorted(PERMISSIONS["review"])
    marks = ", ".join("?" for _ in roles)
    with store.transaction() as db:
        rows = db.execute(
            f"SELECT username FROM users WHERE disabled = 0 AND role IN ({marks})"
            " ORDER BY username",
            roles,
        ).fetchall()
    return [USER_PREFIX + str(r[0]) for r in rows]


def assignments(store: Store) -> dict[str, str]:
    """document id -> its assignee's principal id."""
    with store.transaction() as db:
        rows = db.execute("SELECT document_id, assignee FROM review_assignments").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def _assignee_id(store: Store, raw: object, principal: Principal) -> str | None:
    """`raw`: an account name or `user:<name>`, `mine` for the caller, None/"" to unassign."""
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise RequestError("assignee is an account name, 'mine', or null")
    named = raw if raw.startswith(USER_PREFIX) else USER_PREFIX + raw
    wanted = principal.id if raw == MINE else named
    if wanted not in reviewers(store):
        raise RequestError("the assignee must be an enabled account that may review")
    return wanted


def assign(
    store: Store, audit: AuditLog, row: DocumentRow, principal: Principal, raw: object
) -> str | None:
    """Assign held `row` to `raw` (see `_assignee_id`), or unassign it; the assignee after."""
    if row.review_state != "pending":
        raise Conflict("document is not waiting for review")
    assignee = _assignee_id(store, raw, principal)
    previous = assignments(store).get(row.id)
    with store.transaction() as db:
        if assignee is None:
            db.execute("DELETE FROM review_assignments WHERE document_id = ?", (row.id,))
        else:
            db.execute(
                "INSERT INTO review_assignments (document_id, assignee, assigned_by, assigned_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET"
                " assignee = excluded.assignee, assigned_by = excluded.assigned_by,"
                " assigned_at = excluded.assigned_at",
                (row.id, assignee, principal.id, time.time()),
            )
    event = "review.assigned" if assignee else "review.unassigned"
    audit.record(
        event,
        document_id=row.id,
        actor=principal.id,
        role=principal.role,
        assignee=assignee,
        previous=previous,
        outcome="success",
    )
    return assignee


def keeps(wanted: str, assignee: str | None, principal_id: str) -> bool:
    """The queue's `assignee` filter: '', `mine`, `unassigned` or a principal id."""
    if not wanted:
        return True
    if wanted == MINE:
        return assignee == principal_id
    if wanted == UNASSIGNED:
        return assignee is None
    return assignee == (wanted if wanted.startswith(USER_PREFIX) else USER_PREFIX + wanted)
