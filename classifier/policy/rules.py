"""Policies: YAML files a compliance officer can read, validated strictly at start-up.

A policy says which detected entities to act on, with which operator, and, per document label
or domain, the sensitivity, the action and where the output goes. Rules are read top to bottom;
the first whose `when` matches decides, and may override the entities, threshold and operators.
An unknown key, entity type, operator, action or sensitivity is a PolicyError naming the file
and line. The policy version is its name plus the sha256 of the file's bytes.

    name: hipaa
    detection:  {min_score: 0.4, entities: all, allow: [], deny: []}
    redaction:  {default_operator: tag, operators: {US_SSN: {type: mask, keep_last: 4}}}
    review:     {min_confidence: 0.5, min_detection_score: 0.0}
    defaults:   {action: redact, sensitivity: internal}
    outputs:    {review: {folder: var/review}}
    rules:
      - id: clinical
        when: {domain: clinical}
        sensitivity: restricted
        operators: {PERSON: pseudonym}
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from classifier.errors import PolicyError
from classifier.policy.entities import KNOWN_ENTITY_TYPES
from classifier.policy.hl7 import Hl7Labels, parse_hl7

ACTIONS = ("redact", "review", "block", "pass")
SENSITIVITIES = ("public", "internal", "confidential", "restricted")
# operator name -> the parameters it accepts
OPERATOR_PARAMS: dict[str, tuple[str, ...]] = {
    "tag": (),
    "mask": ("keep_last", "char"),
    "hash": ("length",),
    "encrypt": (),
    "pseudonym": (),
    "date_shift": ("max_days",),
    "surrogate": (),
    "keep": (),
}

_OUTPUT_SCHEMA: dict[str, Any] = {"folder": str, "webhook": str}
_SCHEMA: dict[str, Any] = {
    "name": str,
    "description": str,
    "detection": {"min_score": float, "entities": (str, list), "allow": list, "deny": list},
    "redaction": {"default_operator": (str, dict), "operators": dict},
    "review": {"min_confidence": float, "min_detection_score": float},
    "defaults": {"action": str, "sensitivity": str},
    "outputs": {action: _OUTPUT_SCHEMA for action in ACTIONS},
    "rules": list,
    "hl7": dict,  # checked by classifier/policy/hl7.py
}
_RULE_SCHEMA: dict[str, Any] = {
    "id": str,
    "description": str,
    "when": {"label": (str, list), "domain": (str, list)},
    "action": str,
    "sensitivity": str,
    "entities": (str, list),
    "min_score": float,
    "operators": dict,
    "output": _OUTPUT_SCHEMA,
}


@dataclass(frozen=True)
class OperatorSpec:
    name: str
    params: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Output:
    folder: str | None = None
    webhook: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    labels: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    action: str | None = None
    sensitivity: str | None = None
    entities: tuple[str, ...] | None = None
    min_score: float | None = None
    operators: MappingProxyType[str, OperatorSpec] = field(
        default_factory=lambda: MappingProxyType({})
    )
    output: Output | None = None
    description: str = ""

    def matches(self, label: str, domain: str) -> bool:
        return (not self.labels or label in self.labels) and (
            not self.domains or domain in self.domains
        )

    def why(self, label: str, domain: str) -> str:
        parts = [f"label {label!r} in {list(self.labels)}"] if self.labels else []
        parts += [f"domain {domain!r} in {list(self.domains)}"] if self.domains else []
        return " and ".join(parts) or "no condition"


@dataclass(frozen=True)
class Policy:
    name: str
    version: str
    path: str
    min_score: float = 0.4
    entities: tuple[str, ...] | None = None  # None: every detected type
    allow: tuple[str, ...] = ()
    deny: tuple[str, ...] = ()
    default_operator: OperatorSpec = OperatorSpec("tag")
    operators: MappingProxyType[str, OperatorSpec] = field(
        default_factory=lambda: MappingProxyType({})
    )
    min_confidence: float = 0.5
    min_detection_score: float = 0.0
    default_action: str = "redact"
    default_sensitivity: str = "internal"
    outputs: MappingProxyType[str, Output] = field(default_factory=lambda: MappingProxyType({}))
    rules: tuple[Rule, ...] = ()
    hl7: Hl7Labels = field(default_factory=Hl7Labels)  # FHIR security labels of results

    @property
    def entity_types(self) -> tuple[str, ...]:
        """The types a reviewer may choose: the policy's list, else every known type."""
        return tuple(sorted(KNOWN_ENTITY_TYPES if self.entities is None else self.entities))

    def first_rule(self, label: str, domain: str) -> Rule | None:
        return next((r for r in self.rules if r.matches(label, domain)), None)

    def operator_for(self, entity_type: str, rule: Rule | None = None) -> OperatorSpec:
        if rule is not None and entity_type in rule.operators:
            return rule.operators[entity_type]
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

    def one_of(self, value: Any, allowed: Any, where: str) -> None:
        if value is not None and value not in allowed:
            raise self.fail(where, f"{value!r} is not one of {', '.join(sorted(allowed))}")

    def entities(self, value: Any, where: str) -> tuple[str, ...] | None:
        if value is None or value == "all":
            return None
        if isinstance(value, str):
            raise self.fail(where, "use 'all' or a list of entity types")
        for i, entity in enumerate(value):
            self.one_of(entity, KNOWN_ENTITY_TYPES, f"{where}[{i}]")
        return tuple(value)

    def operator(self, raw: Any, where: str) -> OperatorSpec:
        if isinstance(raw, str):
            raw = {"type": raw}
        if not isinstance(raw, dict) or "type" not in raw:
            raise self.fail(where, "an operator is a name or a mapping with a 'type'")
        name = raw["type"]
        self.one_of(name, OPERATOR_PARAMS, f"{where}.type")
        for key in raw:
            if key != "type" and key not in OPERATOR_PARAMS[name]:
                raise self.fail(f"{where}.{key}", f"operator {name!r} takes no {key!r}")
        return OperatorSpec(name, MappingProxyType({k: v for k, v in raw.items() if k != "type"}))

    def operators(self, raw: dict[str, Any], where: str) -> MappingProxyType[str, OperatorSpec]:
        for entity in raw:
            self.one_of(entity, KNOWN_ENTITY_TYPES, f"{where}.{entity}")
        return MappingProxyType({e: self.operator(op, f"{where}.{e}") for e, op in raw.items()})

    def output(self, raw: dict[str, Any] | None, where: str) -> Output | None:
        if raw is None:
            return None
        if raw.get("webhook") is not None:  # the service-wide webhook_url pushes every result
            raise self.fail(
                f"{where}.webhook",
                "per-rule webhooks are not supported yet; results are pushed to the "
                "`webhook_url` setting, use folder here",
            )
        return Output(folder=raw.get("folder"))


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
        entities=checker.entities(raw.get("entities"), f"{where}.entities"),
        min_score=raw.get("min_score"),
        operators=checker.operators(raw.get("operators", {}), f"{where}.operators"),
        output=checker.output(raw.get("output"), f"{where}.output"),
        description=str(raw.get("description") or ""),
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
    review = data.get("review", {})
    checker.one_of(defaults.get("action"), ACTIONS, "defaults.action")
    checker.one_of(defaults.get("sensitivity"), SENSITIVITIES, "defaults.sensitivity")
    rules = tuple(_rule(checker, r, i) for i, r in enumerate(data.get("rules", [])))
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise checker.fail("rules", "rule ids must be unique")
    outputs = {a: checker.output(o, f"outputs.{a}") for a, o in data.get("outputs", {}).items()}
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return Policy(
        name=data["name"],
        version=f"{data['name']}@{digest}",
        path=path,
        min_score=float(detection.get("min_score", 0.4)),
        entities=checker.entities(detection.get("entities", "all"), "detection.entities"),
        allow=_as_tuple(detection.get("allow")),
        deny=_as_tuple(detection.get("deny")),
        default_operator=checker.operator(
            redaction.get("default_operator", "tag"), "redaction.default_operator"
        ),
        operators=checker.operators(redaction.get("operators", {}), "redaction.operators"),
        min_confidence=float(review.get("min_confidence", 0.5)),
        min_detection_score=float(review.get("min_detection_score", 0.0)),
        default_action=defaults.get("action", "redact"),
        default_sensitivity=defaults.get("sensitivity", "internal"),
        outputs=MappingProxyType({a: o for a, o in outputs.items() if o is not None}),
        rules=rules,
        hl7=parse_hl7(data.get("hl7"), SENSITIVITIES, checker.fail),
    )


def load_policy(path: str | Path) -> Policy:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read policy ({exc.strerror})") from None
    return parse_policy(text, str(path))
