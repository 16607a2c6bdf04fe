"""The operations page for admins, from what the service already keeps (the documents table
and the process's metrics): throughput, queue depth, error rate and review backlog per day
over the last weeks, and the share of documents held for review per source and per label
this week against last week (a first drift signal). Counts only, never content."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

DAYS = 14
ERRORS = ("quarantined", "failed")


def _day(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()


def daily(rows: Iterable[Any], today: dt.date) -> list[dict[str, Any]]:
    """Per day (oldest first): documents received, errors, error rate, held for review."""
    received: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    held: Counter[str] = Counter()
    for r in rows:
        day = _day(r["created_at"])
        received[day] += 1
        errors[day] += r["status"] in ERRORS
        held[day] += r["action"] == "review" or r["review_state"] is not None
    out = []
    for back in range(DAYS - 1, -1, -1):
        day = (today - dt.timedelta(days=back)).isoformat()
        n = received[day]
        rate = round(errors[day] / n, 4) if n else 0.0
        out.append(
            {
                "day": day,
                "received": n,
                "errors": errors[day],
                "error_rate": rate,
                "held": held[day],
            }
        )
    return out


def held_share(rows: Iterable[Any], key: str, now: float) -> list[dict[str, Any]]:
    """Per value of `key` (source, label): the share held for review this week and last."""
    week = 7 * 86400
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: {"this": [0, 0], "last": [0, 0]})
    for r in rows:
        age = now - r["created_at"]
        if age >= 2 * week:
            continue
        which = counts[str(r[key] or "(none)")]["this" if age < week else "last"]
        which[0] += r["action"] == "review" or r["review_state"] is not None
        which[1] += 1
    out = []
    for value, c in sorted(counts.items()):
        this, last = (_share(*c["this"]), _share(*c["last"]))
        change = None if this is None or last is None else round(this - last, 4)
        counted = {"documents_this_week": c["this"][1], "documents_last_week": c["last"][1]}
        out.append({key: value, "this_week": this, "last_week": last, "change": change, **counted})
    return out


def _share(held: int, total: int) -> float | None:
    return round(held / total, 4) if total else None


def summary(rows: list[Any], backlog: int, queued: int, now: float) -> dict[str, Any]:
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    return {
        "review_backlog": backlog,
        "queue_depth": queued,
        "daily": daily(rows, today),
        "held_by_source": held_share(rows, "source", now),
        "held_by_label": held_share(rows, "label", now),
    }
