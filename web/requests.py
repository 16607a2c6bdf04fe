"""Request values checked at the edge: a malformed query parameter, a JSON body that is not
valid Unicode (a lone surrogate) or a return address that is not a local path is a 400 with
a clear reason, never a 500 later in the core."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from flask import request
from werkzeug.exceptions import BadRequest


class EdgeBadRequest(BadRequest):
    """A 400 whose description is ours (names and limits, never request content)."""


def int_arg(name: str, default: int, lowest: int, highest: int) -> int:
    """The query parameter `name` as an integer in [lowest, highest] (above: highest)."""
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EdgeBadRequest(f"query parameter '{name}' must be an integer") from None
    if value < lowest:
        raise EdgeBadRequest(f"query parameter '{name}' must be at least {lowest}")
    return min(value, highest)


def json_body() -> Any:
    """The request's JSON (None when it is not JSON); BadRequest when it holds a string that
    is not valid Unicode (a lone surrogate such as "\\ud800" cannot be stored or hashed)."""
    body = request.get_json(silent=True)
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise EdgeBadRequest("the JSON body holds text that is not valid Unicode") from None
    return body


def has_control_characters(text: str) -> bool:
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def local_path(target: str) -> str | None:
    """`target` when it is a path on this site ("/review?x=1"), else None: no scheme, no
    host, no `//` or `/\\` (which browsers read as another host), nothing a browser strips
    (tabs, line breaks, other control characters) that could make it one."""
    if has_control_characters(target) or "\\" in target:
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
