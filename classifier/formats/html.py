"""HTML to text with the standard library parser: scripts and styles dropped, block elements
on their own lines, entities decoded.

Redaction (`redact`):
Redacted HTML: the markup is kept; redacted values are replaced in text (entities decoded
first) and in attribute values (a mailto: link, an alt text). Scripts and comments, which a
reader does not see but a recipient can, are removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from html.parser import HTMLParser

from classifier.document import Document, Extracted, Finding
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.text import decode_text
from classifier.formats.values import replace_all, value_pairs

_SKIP = {"script", "style", "noscript", "template", "head"}
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "title",
    "td",
    "th",
    "hr",
    "dt",
    "dd",
}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    text = "".join(collector.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    return Extracted(text=html_to_text(decode_text(document.content)))

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
