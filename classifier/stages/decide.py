"""Decide: apply the policy to a classified document and its findings.

The first rule whose `when` matches sets the action and sensitivity (the policy's defaults
otherwise). A `block` stands; otherwise a classification confidence below the policy's
`review.min_confidence` sends the document to review.
"""

from __future__ import annotations

import re

from classifier.document import Classification, Decision, Finding
from classifier.policy import Policy

LOW_CONFIDENCE_RULE = "review:low-confidence"


def _kept(policy: Policy, text: str, findings: list[Finding]) -> list[Finding]:
    allow = {v.casefold() for v in policy.allow}
    kept = [
        f
        for f in findings
        if f.score >= policy.min_score
        and (policy.entities is None or f.entity_type in policy.entities)
        and text[f.start : f.end].casefold() not in allow
    ]
    for value in policy.deny:
        for m in re.finditer(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text, re.IGNORECASE):
            kept.append(Finding(m.start(), m.end(), "DENY_LIST", 1.0, "policy-deny-list"))
    return kept


def decide(
    policy: Policy, classification: Classification, text: str, findings: list[Finding]
) -> Decision:
    action, sensitivity = policy.default_action, policy.default_sensitivity
    rule_ids: list[str] = []
    for rule in policy.rules:
        if rule.matches(classification.label, classification.domain):
            action = rule.action or action
            sensitivity = rule.sensitivity or sensitivity
            rule_ids.append(rule.id)
            break
    if action != "block" and classification.confidence < policy.min_confidence:
        action = "review"
        rule_ids.append(LOW_CONFIDENCE_RULE)
    kept = _kept(policy, text, findings)
    operators = {f.entity_type: policy.operator_for(f.entity_type) for f in kept}
    return Decision(action, sensitivity, tuple(rule_ids), tuple(kept), operators)
