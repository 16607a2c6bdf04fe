"""Decide: apply the policy to a classified document and its findings.

The first rule whose `when` matches sets the action, sensitivity and output, and may narrow the
entities, raise the score threshold and choose other operators (the policy's defaults
otherwise). A `block` stands; otherwise a document the open-set rule finds far from every
class (classifier/ml/open_set.py) or too little to classify (too few known words,
classifier/ml/evidence.py), a classification confidence below `review.min_confidence`, or a
kept finding scored below `review.min_detection_score`, sends the document to review.
`reasons` says why, for `classifier policy explain` (counts and scores only, never values).
"""

from __future__ import annotations

import re

from classifier.document import Classification, Decision, Finding
from classifier.ml.open_set import OPEN_SET_RULE
from classifier.policy.rules import Policy, Rule

LOW_CONFIDENCE_RULE = "review:low-confidence"
LOW_DETECTION_RULE = "review:low-detection-score"


def _kept(policy: Policy, rule: Rule | None, text: str, findings: list[Finding]) -> list[Finding]:
    entities = rule.entities if rule is not None and rule.entities is not None else policy.entities
    threshold = (
        rule.min_score if rule is not None and rule.min_score is not None else policy.min_score
    )
    allow = {v.casefold() for v in policy.allow}
    kept = [
        f
        for f in findings
        if f.score >= threshold
        and (entities is None or f.entity_type in entities)
        and text[f.start : f.end].casefold() not in allow
    ]
    for value in policy.deny:
        for m in re.finditer(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text, re.IGNORECASE):
            kept.append(Finding(m.start(), m.end(), "DENY_LIST", 1.0, "policy-deny-list"))
    return kept


def decide(
    policy: Policy, classification: Classification, text: str, findings: list[Finding]
) -> Decision:
    label, domain = classification.label, classification.domain
    rule = policy.first_rule(label, domain)
    action, sensitivity = policy.default_action, policy.default_sensitivity
    rule_ids: list[str] = []
    reasons: list[str] = []
    if rule is not None:
        action, sensitivity = rule.action or action, rule.sensitivity or sensitivity
        rule_ids.append(rule.id)
        reasons.append(f"rule {rule.id}: {rule.why(label, domain)} -> {action}, {sensitivity}")
    else:
        reasons.append(f"no rule matched: defaults -> {action}, {sensitivity}")
    kept = _kept(policy, rule, text, findings)
    reasons.append(f"{len(kept)} of {len(findings)} findings kept")
    if action != "block" and classification.open_set is not None:
        action = "review"
        o = classification.open_set
        rule_ids.append(str(o.get("rule", OPEN_SET_RULE)))
        why = "far from every class" if rule_ids[-1] == OPEN_SET_RULE else "too little to classify"
        reasons.append(
            f"open set: {o['method']} {o['score']:.3f} < {o['threshold']}, {why}"
            f" (nearest {o['nearest']}) -> review"
        )
    if action != "block" and classification.confidence < policy.min_confidence:
        action = "review"
        rule_ids.append(LOW_CONFIDENCE_RULE)
        reasons.append(
            f"confidence {classification.confidence:.3f} < {policy.min_confidence} -> review"
        )
    weakest = min((f.score for f in kept), default=1.0)
    if action not in ("block", "review") and weakest < policy.min_detection_score:
        action = "review"
        rule_ids.append(LOW_DETECTION_RULE)
        reasons.append(f"a finding scored {weakest:.2f} < {policy.min_detection_score} -> review")
    operators = {f.entity_type: policy.operator_for(f.entity_type, rule) for f in kept}
    output = (rule.output if rule is not None else None) or policy.outputs.get(action)
    return Decision(
        action, sensitivity, tuple(rule_ids), tuple(kept), operators, output, tuple(reasons)
    )
