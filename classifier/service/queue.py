"""The review queue for triage: why each document is held (rule ids in words), who sent it,
how long it has waited, who has it open; sorted and filtered. A reviewer who opens a
document takes its lock; another reviewer sees it locked until it is decided, let go or the
lock expires."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from classifier.errors import Conflict, RequestError
from classifier.policy.rules import Policy
from classifier.policy.words import reasons_in_words
from classifier.service import assignment
from classifier.service.store import DocumentRow, Store

LOCK_SECONDS = 15 * 60
SORTS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "oldest": lambda d: d["created_at"],
    "newest": lambda d: -d["created_at"],
    "confidence": lambda d: d["confidence"] if d["confidence"] is not None else 1.0,
    "sender": lambda d: (d["sender"], d["created_at"]),
}
FILTERS = ("label", "sender", "reason", "assignee")


@dataclass(frozen=True)
class QueueQuery:
    sort: str = "oldest"
    label: str = ""
    sender: str = ""
    reason: str = ""  # a rule id
    assignee: str = ""  # mine, unassigned, or an account (see service/assignment.py)
    viewer: str = ""  # the principal id `mine` stands for

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueQuery:
        unknown = set(args) - {"sort", *FILTERS}
        if unknown:
            raise RequestError(f"unknown query parameters: {', '.join(sorted(unknown))}")
        sort = args.get("sort", "") or "oldest"
        if sort not in SORTS:
            raise RequestError(f"sort must be one of {', '.join(SORTS)}")
        return cls(sort, *(args.get(f, "").strip() for f in FILTERS))

    def seen_by(self, principal_id: str) -> QueueQuery:
        return replace(self, viewer=principal_id)

    def keeps(self, item: dict[str, Any]) -> bool:
        return (
            (not self.label or item["label"] == self.label)
            and (not self.sender or item["sender"] == self.sender)
            and (not self.reason or self.reason in item["rule_ids"])
            and assignment.keeps(self.assignee, item["assigned_to"], self.viewer)
        )


def triage_item(
    row: DocumentRow,
    rule_ids: list[str],
    policy: Policy,
    locked_by: str | None,
    assigned_to: str | None = None,
) -> dict[str, Any]:
    return {
        **row.summary(),
        "sender": row.owner,
        "source": row.source,
        "age_seconds": round(time.time() - row.created_at),
        "rule_ids": rule_ids,
        "reasons": reasons_in_words(policy, rule_ids),
        "locked_by": locked_by,
        "assigned_to": assigned_to,
    }


def take_lock(store: Store, row: DocumentRow, actor: str) -> str:
    """Lock `row` for `actor`; Conflict when another reviewer holds it."""
    if row.review_state != "pending":
        raise Conflict("document is not waiting for review")
    holder = store.lock(row.id, actor, LOCK_SECONDS)
    if holder != actor:
        raise Conflict(f"document is open by {holder}")
    return holder


def check_lock(store: Store, doc_id: str, actor: str) -> None:
    holder = store.locks().get(doc_id)
    if holder is not None and holder != actor:
        raise Conflict(f"document is open by {holder}")
