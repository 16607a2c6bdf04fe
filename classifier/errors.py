"""One error hierarchy for the whole core; each class carries its HTTP status for the web edge.

    ClassifierError           500  internal error
    ├── ConfigError           500  settings, policy, model or state refused at start-up
    │   ├── SettingsError     500  unknown or malformed setting
    │   ├── PolicyError       500  policy file fails validation (names file and key)
    │   ├── ModelError        500  model missing, or a file does not match its manifest
    │   ├── StoreError        500  state database unopenable or from a newer release
    │   └── WorkerError       500  a worker process could not start (its start-up failed)
    ├── AuditError            500  the audit trail cannot be written, or its keys are missing
    ├── VaultError            500  a stored value does not open under the site key
    ├── EgressRefused         500  outbound connection outside the allowlist (a PermissionError)
    ├── ServiceBusy           503  every large-document slot is taken: retry later (Retry-After)
    ├── RequestError          400  a caller's request that cannot be applied
    │   ├── NotFound          404  no such document, or not one the caller may see
    │   ├── Conflict          409  the document is not in a state that allows this
    │   ├── ReviewError       400  bad review decision, label or span
    │   ├── AccessError       400  unknown role, or an account that cannot be created
    │   ├── NotPermitted      403  an operator who is not a known user or token with the role
    │   ├── LoginThrottled    429  too many failed logins for the account or address
    │   └── InvalidResource   422  a FHIR resource that fails validation (names the element)
    └── DocumentError         422  one document cannot be processed; it is quarantined
        ├── UnsupportedFormat 415  media type we do not read
        ├── CorruptDocument   422  file is malformed or truncated
        ├── EncryptedDocument 422  file is password-protected
        ├── DocumentTooLarge  413  over the configured size limit
        │   ├── NestingTooDeep      413  attachments nested deeper than the limit
        │   ├── MarkupTooDeep       413  HTML nested deeper than the parser reads
        │   └── TimeBudgetExceeded  422  took longer than the per-document time budget
        └── EmptyDocument     422  no text could be extracted

`http_status`, `title` and `retry_after_s` are read only by the web edge (web/errors.py),
which maps by these attributes and holds no table of its own. Messages never contain document
text or detected values: only names, sizes, hashes, counts. Each DocumentError carries a short
machine-readable `reason` used in quarantine records.
"""

from __future__ import annotations


class ClassifierError(Exception):
    """Base of every error the core raises on purpose."""

    http_status = 500
    title = "internal error"
    retry_after_s: int | None = None  # the web edge sends it as Retry-After when set

    def public_detail(self) -> str:
        """What a caller of the web API is told; the message unless a class says less."""
        return str(self)


class ConfigError(ClassifierError):
    """The service cannot start with this configuration."""

    title = "configuration error"


class SettingsError(ConfigError):
    """An unknown or malformed setting."""


class PolicyError(ConfigError):
    """A policy file fails validation."""


class ModelError(ConfigError):
    """A model is missing or does not match its manifest."""


class StoreError(ConfigError):
    """The state database cannot be opened or is from a newer release."""


class WorkerError(ConfigError):
    """A worker process died or failed while starting (bootstrap: settings, model, policy)."""


class AuditError(ClassifierError):
    """The audit trail cannot be written or read: a missing key, a malformed record."""

    title = "audit trail unavailable"


class VaultError(ClassifierError):
    """A stored value does not open under the site key (wrong key, altered, or moved)."""

    title = "stored value unreadable"


class EgressRefused(ClassifierError, PermissionError):
    """An outbound connection or name lookup outside the egress allowlist."""

    title = "egress refused"


class ServiceBusy(ClassifierError):
    """Every large-document slot stayed taken while a synchronous request waited; the
    document was not stored, the caller sends it again after `retry_after_s`."""

    http_status = 503
    title = "service busy"

    def __init__(self, message: str, retry_after_s: int):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class RequestError(ClassifierError):
    """A caller's request that cannot be applied as asked."""

    http_status = 400
    title = "bad request"


class NotFound(RequestError):
    """No such document, or not one this caller may see."""

    http_status = 404
    title = "not found"

    def public_detail(self) -> str:
        return "no such document"  # the same answer whether it exists or is someone else's


class Conflict(RequestError):
    """The document is not in a state that allows this (still queued, held, blocked, purged)."""

    http_status = 409
    title = "conflict"


class ReviewError(RequestError):
    """A review request that cannot be applied (bad decision, label or span)."""


class AccessError(RequestError):
    """Unknown role, or an account that cannot be created."""


class NotPermitted(RequestError):
    """The operator is not a known, enabled user (right password) or a live token, or lacks
    the permission the action needs."""

    http_status = 403
    title = "forbidden"


class LoginThrottled(RequestError):
    """Too many failed logins in the window, for this account or this client address: every
    attempt is refused, the right password too, until older failures leave the window."""

    http_status = 429
    title = "too many failed logins"


class InvalidResource(RequestError):
    """A FHIR resource or Bundle that fails validation: the message names the element and
    the rule broken, never a value."""

    http_status = 422
    title = "invalid resource"


class DocumentError(ClassifierError):
    """One document cannot be processed; the pipeline quarantines it."""

    http_status = 422
    title = reason = "unprocessable document"

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.title = cls.reason  # the web edge answers with the reason quarantine records use


class UnsupportedFormat(DocumentError):
    http_status = 415
    reason = "unsupported format"


class CorruptDocument(DocumentError):
    reason = "corrupt document"


class EncryptedDocument(DocumentError):
    reason = "encrypted document"


class DocumentTooLarge(DocumentError):
    http_status = 413
    reason = "document too large"


class NestingTooDeep(DocumentTooLarge):
    reason = "attachments nested too deep"


class MarkupTooDeep(DocumentTooLarge):
    """HTML nested deeper than the parser reads (libxml2: 256 levels)."""

    reason = "markup nested too deep"


class TimeBudgetExceeded(DocumentTooLarge):
    http_status = 422
    reason = "time budget exceeded"


class EmptyDocument(DocumentError):
    reason = "no text extracted"


# the quarantine reason of a failure that is not a DocumentError (a bug, a parser's crash)
UNEXPECTED_REASON = "processing error"
