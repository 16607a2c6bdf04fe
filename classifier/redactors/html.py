"""Redacted HTML: the markup is kept; redacted values are replaced in text (entities decoded
first) and in attribute values (a mailto: link, an alt text). Scripts and comments, which a
reader does not see but a recipient can, are removed."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from classifier.document import Document, Extracted, Finding
from classifier.extractors.text import decode_text
from classifier.redactors.values import replace_all, value_pairs

_TOKENS = re.compile(
    r"(<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|<[^>]*>)",
    re.IGNORECASE | re.DOTALL,
)


def redact_markup(markup: str, pairs: Sequence[tuple[str, str]]) -> str:
    parts = []
    for i, token in enumerate(_TOKENS.split(markup)):
        if i % 2 == 0:  # text between tags
            parts.append(html.escape(replace_all(html.unescape(token), pairs), quote=False))
        elif token.startswith("<!--") or token[:7].lower() == "<script":
            continue
        else:
            for value, replacement in pairs:
                for form in (html.escape(value), value):
                    token = token.replace(form, html.escape(replacement))
            parts.append(token)
    return "".join(parts)


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
) -> bytes:
    pairs = value_pairs(extracted.text, findings, replacements)
    return redact_markup(decode_text(document.content), pairs).encode("utf-8")
