"""Query values as URLs carry them (strings), checked: a bad one is a RequestError (400)."""

from __future__ import annotations

import datetime as dt

from classifier.errors import RequestError


def whole_number(raw: str, name: str, default: int) -> int:
    """`raw` as an integer of at least 1 (`default` when empty)."""
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise RequestError(f"{name} must be a whole number of at least 1")
    return int(raw)


def day(raw: str, name: str) -> dt.datetime | None:
    """`YYYY-MM-DD` as that day's midnight UTC (None when empty)."""
    if not raw:
        return None
    try:
        date = dt.date.fromisoformat(raw)
    except ValueError:
        raise RequestError(f"{name} must be a date, YYYY-MM-DD") from None
    return dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC)
