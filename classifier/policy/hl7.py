"""HL7 security labels a policy gives its results: the confidentiality code of each
sensitivity (v3-Confidentiality U L M N R V) and, per document label, a stricter code and the
sensitivity tags (v3-ActCode ETH PSY HIV GDIS ...). The FHIR adapter writes them into
`meta.security` and `securityLabel`.

    hl7:
      confidentiality: {public: U, internal: L, confidential: N, restricted: R}
      labels:
        consult_note: {confidentiality: V, tags: [PSY]}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
TAG_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
# least to most restrictive
CONFIDENTIALITY = {
    "U": "unrestricted",
    "L": "low",
    "M": "moderate",
    "N": "normal",
    "R": "restricted",
    "V": "very restricted",
}
SENSITIVITY_TAGS = {
    "ETH": "substance abuse information sensitivity",
    "PSY": "psychiatry disorder information sensitivity",
    "HIV": "HIV/AIDS information sensitivity",
    "GDIS": "genetic disease information sensitivity",
    "SDV": "sexual assault, abuse, or domestic violence information sensitivity",
    "SEX": "sexuality and reproductive health information sensitivity",
    "STD": "sexually transmitted disease information sensitivity",
}
DEFAULT_CONFIDENTIALITY = {"public": "U", "internal": "L", "confidential": "N", "restricted": "R"}


@dataclass(frozen=True)
class LabelMarks:
    confidentiality: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hl7Labels:
    confidentiality: MappingProxyType[str, str] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_CONFIDENTIALITY))
    )
    labels: MappingProxyType[str, LabelMarks] = field(default_factory=lambda: MappingProxyType({}))

    def marks(self, label: str | None, sensitivity: str | None) -> tuple[str, tuple[str, ...]]:
        """(confidentiality code, sensitivity tags) of a result: the stricter of the
        sensitivity's code and the label's."""
        code = self.confidentiality.get(sensitivity or "", "N")
        extra = self.labels.get(label or "", LabelMarks())
        if extra.confidentiality and _rank(extra.confidentiality) > _rank(code):
            code = extra.confidentiality
        return code, extra.tags


def _rank(code: str) -> int:
    return list(CONFIDENTIALITY).index(code)


Fail = Callable[[str, str], Exception]


def parse_hl7(raw: Any, sensitivities: tuple[str, ...], fail: Fail) -> Hl7Labels:
    """The policy's `hl7` section, validated; `fail(where, message)` makes the PolicyError."""
    if raw is None:
        return Hl7Labels()
    if not isinstance(raw, dict):
        raise fail("hl7", "expected a mapping")
    for key in raw:
        if key not in ("confidentiality", "labels"):
            raise fail(f"hl7.{key}", f"unknown key {key!r}; allowed: confidentiality, labels")
    codes = dict(DEFAULT_CONFIDENTIALITY)
    given = raw.get("confidentiality") or {}
    if not isinstance(given, dict):
        raise fail("hl7.confidentiality", "expected a mapping of sensitivity to code")
    for sensitivity, code in given.items():
        where = f"hl7.confidentiality.{sensitivity}"
        if sensitivity not in sensitivities:
            raise fail(where, f"{sensitivity!r} is not one of {', '.join(sensitivities)}")
        codes[sensitivity] = _code(code, where, fail)
    labels = raw.get("labels") or {}
    if not isinstance(labels, dict):
        raise fail("hl7.labels", "expected a mapping of document label to marks")
    marks = {str(k): _label_marks(v, f"hl7.labels.{k}", fail) for k, v in labels.items()}
    return Hl7Labels(MappingProxyType(codes), MappingProxyType(marks))


def _code(code: Any, where: str, fail: Fail) -> str:
    if code not in CONFIDENTIALITY:
        raise fail(where, f"{code!r} is not one of {', '.join(CONFIDENTIALITY)}")
    return str(code)


def _label_marks(raw: Any, where: str, fail: Fail) -> LabelMarks:
    if not isinstance(raw, dict) or set(raw) - {"confidentiality", "tags"}:
        raise fail(where, "expected {confidentiality: CODE, tags: [TAG, ...]}")
    code = raw.get("confidentiality")
    tags = raw.get("tags") or []
    if not isinstance(tags, list):
        raise fail(f"{where}.tags", "expected a list")
    for tag in tags:
        if tag not in SENSITIVITY_TAGS:
            raise fail(f"{where}.tags", f"{tag!r} is not one of {', '.join(SENSITIVITY_TAGS)}")
    return LabelMarks(None if code is None else _code(code, where, fail), tuple(tags))
