"""Why a document was held or blocked, in words: each rule id the decision gave, explained by
the built-in rules' sentences or the policy rule's own `description` (ids and names only)."""

from __future__ import annotations

from classifier.policy.rules import Policy

BUILT_IN = {
    "review:low-confidence": "the classification confidence is under the policy's minimum",
    "review:low-detection-score": "a finding scored under the policy's minimum detection score",
    "open-set:far-from-every-class": "the document looks like none of the known document types",
    "open-set:too-little-evidence": "the document has too few known words to classify",
}


def rule_in_words(policy: Policy, rule_id: str) -> str:
    if rule_id in BUILT_IN:
        return BUILT_IN[rule_id]
    rule = next((r for r in policy.rules if r.id == rule_id), None)
    if rule is None:
        return f"rule {rule_id} (not in the active policy)"
    action = rule.action or policy.default_action
    return rule.description or f"rule {rule_id}: action {action}"


def reasons_in_words(policy: Policy, rule_ids: list[str] | tuple[str, ...]) -> list[str]:
    return [rule_in_words(policy, r) for r in rule_ids]
