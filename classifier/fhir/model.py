"""Validation against the FHIR models of `fhir.resources` (R4B, the same as R4 for the
resources used here), and OperationOutcome. A malformed resource is an InvalidResource naming
the element and the rule, never the value; every resource we emit goes through `checked`."""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

from classifier.errors import InvalidResource

FHIR_JSON = "application/fhir+json"
MAX_MESSAGES = 5


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        raise InvalidResource("the body is not UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise InvalidResource(
            f"the body is not JSON (line {exc.lineno} column {exc.colno})"
        ) from None


def resource_type(data: Any, expected: tuple[str, ...] = ()) -> str:
    """The resource's type, checked to be one of `expected` when given."""
    if not isinstance(data, dict):
        raise InvalidResource("a resource is a JSON object")
    kind = data.get("resourceType")
    if not isinstance(kind, str) or not kind:
        raise InvalidResource("the resource has no resourceType")
    if expected and kind not in expected:
        raise InvalidResource(
            f"resourceType {kind} is not accepted here; send {' or '.join(expected)}"
        )
    return kind


def checked(data: Any, expected: tuple[str, ...] = ()) -> dict[str, Any]:
    """`data` if it validates as the FHIR resource it says it is (and one of `expected`)."""
    kind = resource_type(data, expected)
    try:
        model = get_fhir_model_class(kind)
    except (ValueError, KeyError):
        raise InvalidResource(f"resourceType {kind} is not a FHIR resource") from None
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise InvalidResource(f"{kind}: {_messages(exc)}") from None
    except Exception as exc:  # the library's own failure on odd input: its class, not its text
        raise InvalidResource(f"{kind}: {type(exc).__name__} in the resource") from None
    return dict(data)


def _messages(exc: ValidationError) -> str:
    """Where and what, per error; pydantic's `msg` states the rule, the value is left out."""
    errors = exc.errors(include_input=False, include_url=False)
    parts = [f"{_where(e['loc'])}: {_rule(e)}" for e in errors[:MAX_MESSAGES]]
    more = len(errors) - MAX_MESSAGES
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _where(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "(resource)"


def _rule(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown element"
    if error["type"].endswith("missing"):
        return "required element missing"
    return str(error["msg"]).removeprefix("Value error, ")


def outcome(diagnostics: str, code: str = "invalid", severity: str = "error") -> dict[str, Any]:
    """An OperationOutcome with one issue (codes: invalid, not-found, forbidden, processing,
    security, too-costly, not-supported, exception)."""
    return checked(
        {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
        }
    )
