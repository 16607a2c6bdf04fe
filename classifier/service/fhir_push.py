"""Push mode for FHIR: each final result POSTed to the site's FHIR server (`fhir_push_url`)
as an IHE MHD ITI-65 Provide Document Bundle (List SubmissionSet, the redacted
DocumentReference and its Binary), signed, retried and audited as webhooks are
(classifier/service/webhook.py: same key, attempts and backoff; audit event
`fhir.push.attempt`; the egress allowlist enforced before any connection)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from classifier.audit.log import AuditLog
from classifier.fhir.model import FHIR_JSON
from classifier.fhir.results import binary, document_reference, from_record, provide_bundle
from classifier.policy.hl7 import Hl7Labels
from classifier.service.webhook import WebhookSender, delivery
from classifier.settings import Settings


class FhirPushSender(WebhookSender):
    content_type = FHIR_JSON
    event = "fhir.push.attempt"
    user_agent = "classifier-fhir-push"

    def __init__(self, url: str, hl7: Hl7Labels, **delivered: Any):
        """`delivered`: as WebhookSender takes them (`delivery(settings, ...)`)."""
        super().__init__(url, **delivered)
        self.hl7 = hl7

    @classmethod
    def from_settings(  # type: ignore[override]
        cls,
        settings: Settings,
        audit: AuditLog,
        hl7: Hl7Labels,
        on_attempt: Callable[[str], None] | None = None,
    ) -> FhirPushSender | None:
        if not settings.fhir_push_url:
            return None
        return cls(settings.fhir_push_url, hl7=hl7, **delivery(settings, audit, on_attempt))

    def payload(self, record: dict[str, Any]) -> dict[str, Any]:
        """The ITI-65 bundle for a stored result (redacted text only)."""
        doc = from_record(record)
        return provide_bundle([(document_reference(doc, self.hl7), binary(doc, self.hl7))])
