"""Patient-aware scrubbing: a FHIR Patient sent with a document becomes the known values
(classifier/detection/known_values.py) redacted wherever they occur in it: each name and its
variants (initials, "Last, First", "F. Last", nicknames), the birth date in other formats,
identifiers (MRN ...), phone numbers, e-mail, address parts. Used for that request only."""

from __future__ import annotations

from typing import Any

from classifier.detection.known_values import (
    KnownValue,
    KnownValues,
    date_variants,
    digits,
    nicknames,
    phrase,
)

MIN_CHARS = 2  # shorter parts (a state code "MA", a single letter) would hit ordinary words
RECORD_NUMBER_TYPES = ("MR", "MRT", "PI")  # v2-0203 identifier types of a medical record


def known_values(patient: dict[str, Any]) -> KnownValues:
    values: list[KnownValue] = []
    for name in patient.get("name") or []:
        values += _name_values(name)
    values += [phrase(v, "DATE_TIME") for v in date_variants(str(patient.get("birthDate", "")))]
    for identifier in patient.get("identifier") or []:
        values += _identifier_values(identifier)
    for telecom in patient.get("telecom") or []:
        values += _telecom_values(telecom)
    for address in patient.get("address") or []:
        values += _address_values(address)
    return KnownValues(values)


def _name_values(name: dict[str, Any]) -> list[KnownValue]:
    family = str(name.get("family") or "").strip()
    givens = [str(g).strip() for g in name.get("given") or [] if str(g).strip()]
    words = set(givens) | {family} | set(str(name.get("text") or "").split())
    for given in givens:
        words |= nicknames(given)
    values = [phrase(w, "PERSON") for w in words if len(w) >= MIN_CHARS]
    if name.get("text"):
        values.append(phrase(str(name["text"]), "PERSON"))
    if family and givens:
        values += _combinations(givens[0], family)
    return values


def _combinations(given: str, family: str) -> list[KnownValue]:
    """ "First Last", "Last, First", "F. Last", "F Last", "Last, F.", initials "F.L." and "FL"
    (the bare initials only in capitals)."""
    first, last = given[0].upper(), family[0].upper()
    forms = [
        f"{given} {family}",
        f"{family}, {given}",
        f"{first}. {family}",
        f"{first} {family}",
        f"{family}, {first}.",
        f"{first}.{last}.",
        f"{first}. {last}.",
    ]
    values = [phrase(f, "PERSON") for f in forms]
    values.append(phrase(f"{first}{last}", "PERSON", case_sensitive=True))
    return values


def _identifier_values(identifier: dict[str, Any]) -> list[KnownValue]:
    value = str(identifier.get("value") or "").strip()
    if len(value) < MIN_CHARS:
        return []
    codes = {c.get("code") for c in (identifier.get("type") or {}).get("coding") or []}
    kind = "MEDICAL_RECORD_NUMBER" if codes & set(RECORD_NUMBER_TYPES) else "ID"
    values = [phrase(value, kind)]
    if sum(c.isdigit() for c in value) >= 4:
        values.append(digits(value, kind))
    return values


def _telecom_values(telecom: dict[str, Any]) -> list[KnownValue]:
    value = str(telecom.get("value") or "").strip()
    if telecom.get("system") == "email" and "@" in value:
        return [phrase(value, "EMAIL_ADDRESS")]
    if sum(c.isdigit() for c in value) >= 7:
        number = [digits(value, "PHONE_NUMBER")]
        local = value.lstrip("+").removeprefix("1") if value.startswith("+1") else ""
        return number + ([digits(local, "PHONE_NUMBER")] if local else [])
    return []


def _address_values(address: dict[str, Any]) -> list[KnownValue]:
    parts = [
        *((str(line), "STREET_ADDRESS") for line in address.get("line") or []),
        (str(address.get("city") or ""), "LOCATION"),
        (str(address.get("district") or ""), "LOCATION"),
        (str(address.get("state") or ""), "LOCATION"),
        (str(address.get("postalCode") or ""), "ZIP_CODE"),
    ]
    return [phrase(v.strip(), kind) for v, kind in parts if len(v.strip()) > MIN_CHARS]
