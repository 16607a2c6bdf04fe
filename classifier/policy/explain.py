"""`classifier policy check` and `classifier policy explain`: a policy in words, and which of
its rules fired for one document and why (counts and scores only, never values)."""

from __future__ import annotations

import collections
from pathlib import Path

from classifier.document import Finding
from classifier.errors import DocumentError
from classifier.pipeline import Pipeline
from classifier.policy.rules import OperatorSpec, Policy, Rule
from classifier.stages import decide, extract, ingest
from classifier.stages.classify import classify


def _op(spec: OperatorSpec) -> str:
    params = ", ".join(f"{k}={v}" for k, v in spec.params.items())
    return f"{spec.name}({params})" if params else spec.name


def _when(rule: Rule) -> str:
    parts = [f"label in {list(rule.labels)}"] if rule.labels else []
    parts += [f"domain in {list(rule.domains)}"] if rule.domains else []
    return " and ".join(parts) or "always"


def describe(policy: Policy) -> list[str]:
    entities = "all" if policy.entities is None else ", ".join(policy.entities)
    lines = [
        f"{policy.path}: valid, version {policy.version}, {len(policy.rules)} rules",
        f"  detection: entities {entities}; score >= {policy.min_score}; "
        f"{len(policy.allow)} allow-listed, {len(policy.deny)} deny-listed values",
        f"  operators: default {_op(policy.default_operator)}"
        + "".join(f"; {e} {_op(s)}" for e, s in policy.operators.items()),
        f"  review when classification confidence < {policy.min_confidence}"
        + (
            f" or a finding scores < {policy.min_detection_score}"
            if policy.min_detection_score
            else ""
        ),
        f"  no rule matching: action {policy.default_action}, "
        f"sensitivity {policy.default_sensitivity}",
    ]
    lines += [f"  output of {a}: folder {o.folder}" for a, o in policy.outputs.items()]
    for rule in policy.rules:
        line = (
            f"  rule {rule.id}: when {_when(rule)} -> action "
            f"{rule.action or policy.default_action}, sensitivity "
            f"{rule.sensitivity or policy.default_sensitivity}"
        )
        if rule.entities is not None:
            line += f"; only {', '.join(rule.entities)}"
        if rule.min_score is not None:
            line += f"; score >= {rule.min_score}"
        line += "".join(f"; {e} {_op(s)}" for e, s in rule.operators.items())
        if rule.output is not None:
            line += f"; output folder {rule.output.folder}"
        lines.append(line)
    return lines


def _counts(findings: list[Finding] | tuple[Finding, ...]) -> str:
    counts = collections.Counter(f.entity_type for f in findings)
    return ", ".join(f"{t} {n}" for t, n in sorted(counts.items())) or "none"


def explain(pipeline: Pipeline, path: Path) -> list[str]:
    policy = pipeline.policy
    document = ingest.ingest_file(path, source="explain")
    try:
        text = extract.extract(document).text
    except DocumentError as exc:
        return [f"{document.filename}: would be quarantined ({exc.reason}); no rule applies"]
    c = classify(pipeline.model, text)
    report = pipeline.detector.report(text, classification=c)
    findings = report.findings
    lines = [
        f"{document.filename}: sha256 {document.sha256[:16]}…, {len(text)} characters",
        f"classified {c.label} (domain {c.domain}), confidence {c.confidence:.3f}",
        f"detected {len(findings)} with packs {', '.join(report.packs)}: {_counts(findings)}",
        f"filters dropped {sum(report.drops.values())}: "
        + (", ".join(f"{n} {k}" for n, k in sorted(report.drops.items())) or "none"),
        f"policy {policy.version}:",
    ]
    matched = False
    for rule in policy.rules:
        if matched:
            lines.append(f"  rule {rule.id}: not evaluated (an earlier rule matched)")
        elif rule.matches(c.label, c.domain):
            matched = True
            lines.append(f"  rule {rule.id}: MATCHED ({rule.why(c.label, c.domain)})")
        else:
            lines.append(f"  rule {rule.id}: no match (needs {_when(rule)})")
    decision = decide.decide(policy, c, text, findings)
    lines += [f"  {reason}" for reason in decision.reasons]
    lines.append(f"kept {len(decision.findings)}: {_counts(decision.findings)}")
    lines.append(
        f"decision: action {decision.action}, sensitivity {decision.sensitivity}, operators "
        + (", ".join(f"{e} {_op(s)}" for e, s in sorted(decision.operators.items())) or "none")
    )
    if decision.output is not None:
        lines.append(f"output: folder {decision.output.folder}")
    return lines
