"""Anonymization operators, chosen per entity type by the policy.

tag         [PERSON]
mask        ***-**-6789  (letters and digits masked except the last `keep_last`)
hash        [PERSON:3f9c1a0b7d2e4c11]  HMAC-SHA256 under the site key: stable across
            documents, so records can be linked without revealing the value
encrypt     [[ENC:PERSON:...]]  AES-GCM under the site key; `classifier reidentify`
            restores the value for an authorised user (audited)
pseudonym   PERSON_1, the same number for the same person throughout the document, a
            surname-only mention included
date_shift  the date moved by a per-document offset (intervals kept), same format
surrogate   a realistic fake of the same shape, stable for the same value
keep        the value unchanged
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from classifier.document import Finding
from classifier.policy.rules import OperatorSpec

ENCRYPTED_TOKEN = re.compile(r"\[\[ENC:([A-Z_]+):([A-Za-z0-9_-]+=*)\]\]")
FAKE_GIVEN = ("Alex", "Jordan", "Casey", "Morgan", "Taylor", "Riley", "Jamie", "Avery", "Quinn",
              "Drew", "Robin", "Kerry", "Sasha", "Emery", "Rowan", "Hayden")  # fmt: skip
FAKE_FAMILY = ("Smith", "Garcia", "Nguyen", "Okafor", "Kowalski", "Haddad", "Larsen", "Moreau",
               "Tanaka", "Silva", "Novak", "Reyes", "Byrne", "Fischer", "Patel",
               "Olsen")  # fmt: skip
DATE_FORMATS = ("%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y",
                "%d %B %Y", "%d %b %Y", "%B %d %Y", "%m-%d-%Y")  # fmt: skip


@dataclass
class OperatorContext:
    """What operators share within one document: keys and consistent replacements."""

    hash_key: bytes
    encryption_key: bytes
    document_key: str  # the patient, case or document the date offset and pseudonyms follow
    pseudonyms: dict[tuple[str, str], str] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)

    def keyed_digest(self, *parts: str) -> bytes:
        return hmac.new(self.hash_key, "\x1f".join(parts).encode(), hashlib.sha256).digest()


Operator = Callable[[str, Finding, OperatorSpec, OperatorContext], str]


def tag(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    return f"[{finding.entity_type}]"


def mask(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    keep = int(spec.params.get("keep_last", 0))
    char = str(spec.params.get("char", "*"))[:1] or "*"
    alnum = [i for i, c in enumerate(value) if c.isalnum()]
    hidden = set(alnum[: max(0, len(alnum) - keep)])
    return "".join(char if i in hidden else c for i, c in enumerate(value))


def keyed_hash(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    length = int(spec.params.get("length", 16))
    digest = ctx.keyed_digest(finding.entity_type, value.strip().casefold()).hex()
    return f"[{finding.entity_type}:{digest[:length]}]"


def encrypt(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    sealed = AESGCM(ctx.encryption_key).encrypt(nonce, value.encode(), finding.entity_type.encode())
    token = base64.urlsafe_b64encode(nonce + sealed).decode()
    return f"[[ENC:{finding.entity_type}:{token}]]"


def decrypt_tokens(text: str, key: bytes) -> tuple[str, int]:
    """Restore every `encrypt` token in `text`; returns (text, number restored)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    aead = AESGCM(key)
    count = 0

    def restore(m: re.Match[str]) -> str:
        nonlocal count
        raw = base64.urlsafe_b64decode(m.group(2))
        count += 1
        return aead.decrypt(raw[:12], raw[12:], m.group(1).encode()).decode()

    return ENCRYPTED_TOKEN.sub(restore, text), count


def pseudonym(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    kind = finding.entity_type
    words = value.strip().casefold().split()
    key = (kind, " ".join(words))
    if key not in ctx.pseudonyms and words:
        # "Lee" after "Ann Lee", or "Ann Lee" after "Lee": the same person
        for (k, known), alias in ctx.pseudonyms.items():
            known_words = known.split()
            if k == kind and (
                (len(words) == 1 and words[0] in known_words)
                or (len(known_words) == 1 and known_words[0] in words)
            ):
                ctx.pseudonyms[key] = alias
                break
    if key not in ctx.pseudonyms:
        ctx.counters[kind] = ctx.counters.get(kind, 0) + 1
        ctx.pseudonyms[key] = f"{kind}_{ctx.counters[kind]}"
    return ctx.pseudonyms[key]


def _parse_date(value: str) -> tuple[dt.date, str] | None:
    text = " ".join(value.replace(",", ", ").split()).replace(" ,", ",")
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date(), fmt
        except ValueError:
            continue
    return None


def date_shift(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    parsed = _parse_date(value.strip())
    if parsed is None:
        return tag(value, finding, spec, ctx)
    date, fmt = parsed
    span = int(spec.params.get("max_days", 365))
    offset = int.from_bytes(ctx.keyed_digest("date", ctx.document_key)[:4], "big") % span + 1
    return (date - dt.timedelta(days=offset)).strftime(fmt)


def surrogate(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    seed = ctx.keyed_digest("surrogate", finding.entity_type, value)
    if finding.entity_type == "PERSON":
        return f"{FAKE_GIVEN[seed[0] % 16]} {FAKE_FAMILY[seed[1] % 16]}"
    out = []
    for i, c in enumerate(value):
        b = seed[i % len(seed)] ^ i
        if c.isdigit():
            out.append(str(b % 10))
        elif c.isalpha() and c.isascii():
            letter = chr(ord("a") + b % 26)
            out.append(letter.upper() if c.isupper() else letter)
        else:
            out.append(c)
    return "".join(out)


def keep(value: str, finding: Finding, spec: OperatorSpec, ctx: OperatorContext) -> str:
    return value


OPERATORS: dict[str, Operator] = {
    "tag": tag,
    "mask": mask,
    "hash": keyed_hash,
    "encrypt": encrypt,
    "pseudonym": pseudonym,
    "date_shift": date_shift,
    "surrogate": surrogate,
    "keep": keep,
}
