"""The documents list: search, filters, sort and paging, as one checked query.

`DocumentQuery.from_args` reads the strings a URL carries (`?q=...&label=...&page=2`) and
refuses what it does not know, so a typo is a 400 rather than a silently wider list.
`where()` gives the SQL conditions and parameters the store runs; column names come from
the tables below, never from the request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from classifier.errors import RequestError
from classifier.service.args import day, whole_number

# filter name -> column; each an exact match
FILTERS = {
    "label": "label",
    "action": "action",
    "status": "status",
    "review_state": "review_state",
    "source": "source",
    "submitter": "owner",
}
SORTS = {
    "newest": "created_at DESC",
    "oldest": "created_at ASC",
    "name": "filename COLLATE NOCASE ASC, created_at DESC",
}
PAGE_SIZES = (10, 25, 50, 100)  # what the list page offers; the API takes 1 to MAX_PAGE
MAX_PAGE = 500
MAX_QUERY_CHARS = 200
OTHER_ARGS = ("q", "since", "until", "sort", "page", "per_page")


@dataclass(frozen=True)
class DocumentQuery:
    q: str = ""  # a file name part, an id prefix or a sha256 prefix
    label: str = ""
    action: str = ""
    status: str = ""
    review_state: str = ""
    source: str = ""
    submitter: str = ""
    since: float | None = None  # epoch seconds, inclusive
    until: float | None = None  # epoch seconds, exclusive
    sort: str = "newest"
    page: int = 1
    per_page: int = 25

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> DocumentQuery:
        unknown = set(args) - set(FILTERS) - set(OTHER_ARGS)
        if unknown:
            raise RequestError(f"unknown query parameters: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {k: args.get(k, "").strip() for k in FILTERS}
        values["q"] = args.get("q", "").strip()[:MAX_QUERY_CHARS]
        values["since"] = _epoch(day(args.get("since", ""), "since"), 0)
        values["until"] = _epoch(day(args.get("until", ""), "until"), 1)
        values["sort"] = args.get("sort", "") or "newest"
        if values["sort"] not in SORTS:
            raise RequestError(f"sort must be one of {', '.join(SORTS)}")
        values["page"] = whole_number(args.get("page", ""), "page", 1)
        values["per_page"] = min(whole_number(args.get("per_page", ""), "per_page", 25), MAX_PAGE)
        return cls(**values)

    def where(self, owner: str | None) -> tuple[list[str], list[Any]]:
        """SQL conditions and their parameters; `owner` limits to one submitter's documents."""
        where: list[str] = []
        params: list[Any] = []
        for name, column in FILTERS.items():
            value = getattr(self, name)
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        if owner is not None:
            where.append("owner = ?")
            params.append(owner)
        if self.q:
            like = self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(
                "(filename LIKE ? ESCAPE '\\' OR id LIKE ? ESCAPE '\\'"
                " OR sha256 LIKE ? ESCAPE '\\')"
            )
            params += [f"%{like}%", f"{like.lower()}%", f"{like.lower()}%"]
        if self.since is not None:
            where.append("created_at >= ?")
            params.append(self.since)
        if self.until is not None:
            where.append("created_at < ?")
            params.append(self.until)
        return where, params

    @property
    def order(self) -> str:
        return SORTS[self.sort]

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def as_args(self) -> dict[str, str]:
        """The query back as URL parameters (defaults left out), for paging links."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "") or value == f.default:
                continue
            out[f.name] = _day_text(value) if f.name in ("since", "until") else str(value)
        if "until" in out:
            out["until"] = _day_text(float(self.until or 0) - 86400)
        return out


def _epoch(midnight: dt.datetime | None, days_after: int) -> float | None:
    return None if midnight is None else (midnight + dt.timedelta(days=days_after)).timestamp()


def _day_text(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).date().isoformat()
