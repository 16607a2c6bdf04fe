"""The fail-safe rule: no filter may drop a finding that the PHI tagger or a validated
recognizer (data/validated_recognizers.txt) gives with high confidence. Over-redaction is
the safe side; a filter only ever judges the findings this module leaves to it."""

from __future__ import annotations

from classifier.detection.datafiles import data_lines
from classifier.detection.recognizers.tagger import NAME as TAGGER
from classifier.detection.spans import covered_by
from classifier.document import Finding

SURE_AT = 0.85  # this sure, from the tagger or a validated recognizer: no filter drops it


def validated_recognizers() -> frozenset[str]:
    return frozenset(data_lines("validated_recognizers.txt"))


def protected(finding: Finding) -> bool:
    """Whether no filter may drop or shorten `finding`."""
    if finding.score < SURE_AT:
        return False
    return finding.recognizer == TAGGER or finding.recognizer in validated_recognizers()


def _validated(finding: Finding) -> bool:
    return finding.score >= SURE_AT and finding.recognizer in validated_recognizers()


def overruled(before: list[Finding], kept: list[Finding]) -> list[Finding]:
    """The protected findings of `before` that a filter dropped from `kept` and must keep:
    all but those a validated finding of another type holds whole (their characters stay
    found)."""
    still = {id(f) for f in kept}
    dropped = [f for f in before if id(f) not in still and protected(f)]
    if not dropped:
        return []
    by_type: dict[str, list[Finding]] = {}
    for f in before:
        if _validated(f):
            by_type.setdefault(f.entity_type, []).append(f)
    holders = {t: covered_by(group) for t, group in by_type.items()}

    def held(f: Finding) -> bool:
        return any(t != f.entity_type and h(f.start, f.end) for t, h in holders.items())

    return [f for f in dropped if not held(f)]
