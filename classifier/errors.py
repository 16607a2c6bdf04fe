"""One error hierarchy for the whole core; the web edge maps it to HTTP status.

    ClassifierError
    ├── ConfigError              settings, policy or model refused at start-up
    │   ├── SettingsError        unknown or malformed setting
    │   ├── PolicyError          policy file fails validation (names file and key)
    │   └── ModelError           model missing, or a file does not match its manifest
    ├── AuditError               the audit trail cannot be written, or its keys are missing
    └── DocumentError            one document cannot be processed; it is quarantined
        ├── UnsupportedFormat    media type we do not read
        ├── CorruptDocument      file is malformed or truncated
        ├── EncryptedDocument    file is password-protected
        ├── DocumentTooLarge     over the configured size limit
        │   ├── NestingTooDeep   attachments nested deeper than the limit
        │   └── TimeBudgetExceeded  took longer than the per-document time budget
        └── EmptyDocument        no text could be extracted

Messages never contain document text or detected values: only names, sizes, hashes, counts.
Each DocumentError carries a short machine-readable `reason` used in quarantine records.
"""

from __future__ import annotations


class ClassifierError(Exception):
    """Base of every error the core raises on purpose."""


class ConfigError(ClassifierError):
    """The service cannot start with this configuration."""


class SettingsError(ConfigError):
    """An unknown or malformed setting."""


class PolicyError(ConfigError):
    """A policy file fails validation."""


class ModelError(ConfigError):
    """A model is missing or does not match its manifest."""


class AuditError(ClassifierError):
    """The audit trail cannot be written or read: a missing key, a malformed record."""


class DocumentError(ClassifierError):
    """One document cannot be processed; the pipeline quarantines it."""

    reason = "unprocessable document"


class UnsupportedFormat(DocumentError):
    reason = "unsupported format"


class CorruptDocument(DocumentError):
    reason = "corrupt document"


class EncryptedDocument(DocumentError):
    reason = "encrypted document"


class DocumentTooLarge(DocumentError):
    reason = "document too large"


class NestingTooDeep(DocumentTooLarge):
    reason = "attachments nested too deep"


class TimeBudgetExceeded(DocumentTooLarge):
    reason = "time budget exceeded"


class EmptyDocument(DocumentError):
    reason = "no text extracted"
