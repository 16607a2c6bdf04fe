from __future__ import annotations

from pathlib import Path

import pytest

from classifier.document import Classification, Finding
from classifier.errors import PolicyError
from classifier.policy.rules import load_policy, parse_policy
from classifier.stages.decide import LOW_CONFIDENCE_RULE, decide
from tests.conftest import DEFAULT_POLICY

POLICIES = Path(__file__).resolve().parent.parent / "policies"


@pytest.mark.parametrize("path", sorted(POLICIES.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_policies_are_valid(path: Path) -> None:
    policy = load_policy(path)
    assert policy.version.startswith(policy.name + "@")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nfrobnicate: 1\n", r"<p>:2: frobnicate: unknown key 'frobnicate'"),
        (
            "name: x\nrules:\n  - id: a\n    action: shred\n",
            r"<p>:4: rules\[0\].action: 'shred' is not one of",
        ),
        ("name: x\nrules:\n  - id: a\n    when: {colour: red}\n", r"<p>:4: rules\[0\].when.colour"),
        ("name: x\nredaction:\n  default_operator: smudge\n", r"<p>:3: redaction.default_operator"),
        ("name: x\ndefaults:\n  sensitivity: secret\n", r"<p>:3: defaults.sensitivity"),
        ("name: x\ndetection:\n  min_score: high\n", r"<p>:3: detection.min_score: wrong type"),
        ("name: x\nrules:\n  - id: a\n  - id: a\n", "unique"),
        ("description: no name\n", "needs a name"),
        ("name: [unclosed\n", "not valid YAML"),
        ("- a list\n", "expected a mapping"),
    ],
)
def test_broken_policies_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy(text, "<p>")


def test_missing_policy_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "nope.yaml")


def test_version_changes_with_content() -> None:
    assert parse_policy("name: x\n").version != parse_policy("name: x\n# edit\n").version


def _c(label: str, domain: str, confidence: float = 0.95) -> Classification:
    return Classification(label, domain, confidence)


def test_default_policy_decisions() -> None:
    policy = load_policy(DEFAULT_POLICY)
    clinical = decide(policy, _c("consult_note", "clinical"), "", [])
    assert (clinical.action, clinical.sensitivity) == ("redact", "restricted")
    assert clinical.rule_ids == ("clinical-restricted",)
    oos = decide(policy, _c("out_of_scope", "none"), "", [])
    assert oos.action == "review"
    unsure = decide(policy, _c("contract", "legal", confidence=0.3), "", [])
    assert unsure.action == "review"
    assert LOW_CONFIDENCE_RULE in unsure.rule_ids


def test_block_is_not_downgraded_to_review() -> None:
    policy = parse_policy(
        "name: x\nrules:\n  - id: b\n    when: {label: contract}\n    action: block\n"
    )
    assert decide(policy, _c("contract", "legal", 0.1), "", []).action == "block"


def test_score_threshold_entities_allow_and_deny_lists() -> None:
    policy = parse_policy(
        "name: x\ndetection:\n  min_score: 0.5\n  entities: [PERSON, EMAIL_ADDRESS]\n"
        "  allow: [Dr. Who]\n  deny: [Project Falcon]\n"
    )
    text = "Dr. Who met Ann about project falcon; mail a@b.io"
    findings = [
        Finding(0, 7, "PERSON", 0.9),  # allow-listed value
        Finding(12, 15, "PERSON", 0.9),  # kept
        Finding(12, 15, "LOCATION", 0.9),  # type not in the policy
        Finding(43, 49, "EMAIL_ADDRESS", 0.3),  # under the threshold
    ]
    kept = decide(policy, _c("contract", "legal"), text, findings).findings
    assert [(text[f.start : f.end], f.entity_type) for f in kept] == [
        ("Ann", "PERSON"),
        ("project falcon", "DENY_LIST"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "name: x\ndetection:\n  entities: [PERSON, SOUL]\n",
            r"<p>:3: detection.entities\[1\]: 'SOUL'",
        ),
        (
            "name: x\nredaction:\n  operators:\n    PERSN: tag\n",
            r"<p>:4: redaction.operators.PERSN",
        ),
        (
            "name: x\nredaction:\n  operators:\n    PERSON: {type: mask, keep_frist: 2}\n",
            "operator 'mask' takes no 'keep_frist'",
        ),
        ("name: x\nredaction:\n  operators:\n    PERSON: {keep_last: 2}\n", "with a 'type'"),
        ("name: x\noutputs:\n  redact: {webhook: 'https://x'}\n", "not supported yet"),
        ("name: x\noutputs:\n  shred: {folder: x}\n", "unknown key 'shred'"),
        ("name: x\nrules:\n  - id: a\n    operators: {PERSON: smudge}\n", "'smudge' is not one of"),
    ],
)
def test_entities_operators_and_outputs_are_validated(text: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        parse_policy(text, "<p>")


def test_rule_overrides_entities_threshold_operators_and_output() -> None:
    policy = parse_policy(
        "name: x\nredaction:\n  operators: {PERSON: pseudonym}\n"
        "outputs:\n  review: {folder: /tmp/review}\n"
        "rules:\n  - id: news\n    when: {label: news_wire}\n    entities: [EMAIL_ADDRESS]\n"
        "    min_score: 0.8\n    operators: {EMAIL_ADDRESS: hash}\n"
        "    output: {folder: /tmp/news}\n"
    )
    text = "Ann wrote a@b.io"
    findings = [Finding(0, 3, "PERSON", 0.9), Finding(10, 16, "EMAIL_ADDRESS", 0.85)]
    news = decide(policy, _c("news_wire", "finance"), text, findings)
    assert [f.entity_type for f in news.findings] == ["EMAIL_ADDRESS"]
    assert news.operators["EMAIL_ADDRESS"].name == "hash"
    assert news.output is not None and news.output.folder == "/tmp/news"
    other = decide(policy, _c("contract", "legal", confidence=0.2), text, findings)
    assert other.operators["PERSON"].name == "pseudonym"
    assert other.output is not None and other.output.folder == "/tmp/review"
    assert any("confidence 0.200 < 0.5" in r for r in other.reasons)


def test_low_detection_score_sends_to_review() -> None:
    policy = parse_policy("name: x\nreview:\n  min_detection_score: 0.7\n")
    findings = [Finding(0, 3, "PERSON", 0.5)]
    decision = decide(policy, _c("contract", "legal"), "Ann", findings)
    assert decision.action == "review"
    assert "review:low-detection-score" in decision.rule_ids


def test_every_entity_the_detector_emits_can_be_named_in_a_policy(detector) -> None:  # type: ignore[no-untyped-def]
    from classifier.policy.entities import KNOWN_ENTITY_TYPES

    emitted = set(detector.analyzer.get_supported_entities(language="en"))
    assert emitted <= KNOWN_ENTITY_TYPES, emitted - KNOWN_ENTITY_TYPES
