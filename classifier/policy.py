"""Policies: YAML files a compliance officer can read, validated strictly at start-up.

A policy says which detected entities to act on, with which operator, and, per document label
or domain, the sensitivity and the action. Rules are read top to bottom; the first whose `when`
matches decides. An unknown key, operator, action or sensitivity is a PolicyError naming the
file and line. The policy version is its name plus the sha256 of the file's bytes.

    name: default
    detection:   {min_score: 0.4, entities: all, allow: [], deny: []}
    redaction:   {default_operator: tag, operators: {US_SSN: tag}}
    review:      {min_confidence: 0.5}
    defaults:    {action: redact, sensitivity: internal}
    rules:
      - id: clinical
        when: {domain: clinical}
        sensitivity: restricted
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from classifier.errors import PolicyError

ACTIONS = ("redact", "review", "block", "pass")
SENSITIVITIES = ("public", "internal", "confidential", "restricted")
OPERATORS = ("tag",)

_SCHEMA: dict[str, Any] = {
    "name": str,
    "description": str,
    "detection": {"min_score": float, "entities": (str, list), "allow": list, "deny": list},
    "redaction": {"default_operator": str, "operators": dict},
    "review": {"min_confidence": float},
    "defaults": {"action": str, "sensitivity": str},
    "rules": list,
}
_RULE_SCHEMA: dict[str, Any] = {
    "id": str,
    "description": str,
    "when": {"label": (str, list), "domain": (str, list)},
    "action": str,
    "sensitivity": str,
}


@dataclass(frozen=True)
class Rule:
    id: str
    labels: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    action: str | None = None
    sensitivity: str | None = None

    def matches(self, label: str, domain: str) -> bool:
        return (not self.labels or label in self.labels) and (
            not self.domains or domain in self.domains
        )


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    path: str
    min_score: float = 0.4
    entities: tuple[str, ...] | None = None  # None: every detected type
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    default_operator: str = "tag"
    operators: dict[str, str] = field(default_factory=dict)
    min_confidence: float = 0.5
    default_action: str = "redact"
    default_sensitivity: str = "internal"
    rules: tuple[Rule, ...] = ()

    def operator_for(self, entity_type: str) -> str:
        return self.operators.get(entity_type, self.default_operator)


def _lines(node: yaml.Node, path: str, out: dict[str, int]) -> None:
    """Map each key path (`rules[0].when`) to its 1-based line in the file."""
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            sub = f"{path}.{key.value}" if path else str(key.value)
            out[sub] = key.start_mark.line + 1
            _lines(value, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, f"{path}[{i}]", out)


class _Checker:
    def __init__(self, path: str, lines: dict[str, int]):
        self.path, self.lines = path, lines

    def fail(self, where: str, message: str) -> PolicyError:
        line = self.lines.get(where, self.lines.get(where.rsplit(".", 1)[0], 1))
        return PolicyError(f"{self.path}:{line}: {where or 'policy'}: {message}")

    def check(self, data: Any, schema: dict[str, Any], where: str) -> None:
        if not isinstance(data, dict):
            raise self.fail(where, "expected a mapping")
        for key, value in data.items():
            sub = f"{where}.{key}" if where else str(key)
            if key not in schema:
                raise self.fail(sub, f"unknown key {key!r}; allowed: {', '.join(schema)}")
            expected = schema[key]
            if isinstance(expected, dict):
                self.check(value, expected, sub)
            elif (
                expected is float and isinstance(value, int | float) and not isinstance(value, bool)
            ):
                continue
            elif not isinstance(value, expected):
                raise self.fail(sub, f"wrong type {type(value).__name__}")

    def one_of(self, value: Any, allowed: tuple[str, ...], where: str) -> None:
        if value is not None and value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(allowed)}")


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(str(v) for v in value)


def _rule(checker: _Checker, raw: Any, i: int) -> Rule:
    where = f"rules[{i}]"
    checker.check(raw, _RULE_SCHEMA, where)
    if "id" not in raw:
        raise checker.fail(where, "a rule needs an id")
    checker.one_of(raw.get("action"), ACTIONS, f"{where}.action")
    checker.one_of(raw.get("sensitivity"), SENSITIVITIES, f"{where}.sensitivity")
    when = raw.get("when") or {}
    return Rule(
        id=raw["id"],
        labels=_as_tuple(when.get("label")),
        domains=_as_tuple(when.get("domain")),
        action=raw.get("action"),
        sensitivity=raw.get("sensitivity"),
    )


def parse_policy(text: str, path: str = "<policy>") -> Policy:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{path}: not valid YAML ({exc})") from None
    lines: dict[str, int] = {}
    if node is not None:
        _lines(node, "", lines)
    checker = _Checker(path, lines)
    checker.check(data, _SCHEMA, "")
    if "name" not in data:
        raise checker.fail("", "a policy needs a name")
    detection = data.get("detection", {})
    redaction = data.get("redaction", {})
    defaults = data.get("defaults", {})
    operators = redaction.get("operators", {})
    checker.one_of(redaction.get("default_operator"), OPERATORS, "redaction.default_operator")
    for entity, op in operators.items():
        checker.one_of(op, OPERATORS, f"redaction.operators.{entity}")
    checker.one_of(defaults.get("action"), ACTIONS, "defaults.action")
    checker.one_of(defaults.get("sensitivity"), SENSITIVITIES, "defaults.sensitivity")
    entities = detection.get("entities", "all")
    if isinstance(entities, str) and entities != "all":
        raise checker.fail("detection.entities", "use 'all' or a list of entity types")
    rules = tuple(_rule(checker, r, i) for i, r in enumerate(data.get("rules", [])))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise checker.fail("rules", "rule ids must be unique")
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return Policy(
        name=data["name"],
        version=f"{data['name']}@{digest}",
        path=path,
        min_score=float(detection.get("min_score", 0.4)),
        entities=None if entities == "all" else tuple(entities),
        allow=_as_tuple(detection.get("allow")),
        deny=_as_tuple(detection.get("deny")),
        default_operator=redaction.get("default_operator", "tag"),
        operators=dict(operators),
        min_confidence=float(data.get("review", {}).get("min_confidence", 0.5)),
        default_action=defaults.get("action", "redact"),
        default_sensitivity=defaults.get("sensitivity", "internal"),
        rules=rules,
    )


def load_policy(path: str | Path) -> Policy:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read policy ({exc.strerror})") from None
    return parse_policy(text, str(path))
