"""Every entity type a policy may name: Presidio's predefined English types and ours.

Kept as a plain table (no Presidio import) so a policy is validated before anything heavy
loads; a test checks that every type the real detector can emit is listed here.
"""

from __future__ import annotations

PRESIDIO_ENTITY_TYPES = (
    "PERSON", "LOCATION", "ORGANIZATION", "NRP", "DATE_TIME", "EMAIL_ADDRESS", "PHONE_NUMBER",
    "CREDIT_CARD", "IBAN_CODE", "US_SSN", "US_BANK_NUMBER", "US_DRIVER_LICENSE", "US_ITIN",
    "US_PASSPORT", "IP_ADDRESS", "URL", "CRYPTO", "MEDICAL_LICENSE", "MAC_ADDRESS", "UK_NHS",
    "AGE", "ID", "UUID",
)  # fmt: skip

OUR_ENTITY_TYPES = (
    "ABA_ROUTING_NUMBER", "ACCOUNT_NUMBER", "BAR_NUMBER", "CASE_NUMBER", "LICENSE_NUMBER",
    "DEVICE_ID", "US_EIN", "HEALTH_PLAN_ID", "LICENSE_PLATE", "MEDICAL_RECORD_NUMBER",
    "STREET_ADDRESS", "SWIFT_CODE", "VEHICLE_ID", "ZIP_CODE", "NATIONAL_ID", "TAX_ID", "PASSPORT",
    "TITLE",  # job titles and honorifics, from the PHI tagger
    "DENY_LIST",  # a policy deny-list value
)  # fmt: skip

KNOWN_ENTITY_TYPES = frozenset(PRESIDIO_ENTITY_TYPES + OUR_ENTITY_TYPES)
