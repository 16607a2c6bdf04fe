"""Health plan beneficiary and member numbers: Medicare MBI (its fixed letter/digit layout),
and identifiers labelled member / subscriber / beneficiary / policy / group ID."""

from __future__ import annotations

from presidio_analyzer import Pattern

from classifier.detection.recognizers.base import DeclarativeRecognizer

# MBI: 11 characters, C A AN N A AN N A A N N; letters exclude S L O I B Z.
_A = "[AC-HJKMNP-RT-Y]"
MBI = rf"\b[1-9]{_A}[0-9AC-HJKMNP-RT-Y]\d-?{_A}[0-9AC-HJKMNP-RT-Y]\d-?{_A}{{2}}\d{{2}}\b"
LABEL = (
    r"(?<=\b(?:member|subscriber|beneficiary|policy|group|insurance|medicaid|medicare|plan)"
    r"\s*(?:(?:id|no\.?|number)[\s:#.]{1,3}|#[\s:]{0,2}))"
)


class HealthPlanMemberRecognizer(DeclarativeRecognizer):
    ENTITY = "HEALTH_PLAN_ID"
    PATTERNS = [
        Pattern("mbi", MBI, 0.5),
        Pattern("member id labelled", LABEL + r"(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,18}\b", 0.8),
        Pattern("member id bare (weak)", r"\b[A-Z]{1,3}\d{6,12}\b", 0.05),
    ]
    CONTEXT = ["member", "subscriber", "beneficiary", "insurance", "medicaid", "medicare", "plan"]
