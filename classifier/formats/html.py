"""HTML read and written with lxml.html (a real parser, BSD licence).

Extraction (`extract`): every text node (block elements on their own lines, entities
decoded, runs of white space collapsed as a browser shows them) and every attribute value a
person or a program reads, each on a line of its own: every attribute but layout tokens (id,
width, rel ...), links (`href`, `src`, `srcset`, `action` ...) with their paths and queries
decoded. Scripts, styles and comments are not read.

Redaction (`redact`): the markup is kept and written back well formed by the parser;
redacted values are replaced in text (also across inline elements, `<b>Jo</b>hn`) and in
every attribute value (a link holding one encoded is written decoded and replaced). Scripts,
styles, comments, processing instructions, event handler attributes (`on...`), `srcdoc`,
inline `style` and `class` attributes and `data:` content are removed: they are not read (a
reader does not see them, a recipient can).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from urllib.parse import unquote_plus

import lxml.html
from lxml import etree

from classifier.document import Document, Extracted, Finding
from classifier.errors import CorruptDocument, MarkupTooDeep
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.text import decode_text
from classifier.formats.values import replace_across, replace_all, value_pairs

DROPPED_ELEMENTS = ("script", "style")
BLOCK = frozenset(
    [
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
        "option",
        "textarea",
        "form",
        "fieldset",
        "legend",
        "caption",
        "figcaption",
        "nav",
        "main",
        "aside",
        "address",
        "ul",
        "ol",
        "dl",
        "body",
        "head",
        "html",
    ]
)
RAW = frozenset({"pre", "textarea"})  # white space kept as written
LINK_ATTRIBUTES = frozenset({"href", "src", "action", "srcset", "data", "cite", "poster"})
DROPPED_ATTRIBUTES = frozenset({"srcdoc", "style", "class"})
LAYOUT_ATTRIBUTES = frozenset(
    {
        "id",
        "width",
        "height",
        "type",
        "rel",
        "lang",
        "dir",
        "colspan",
        "rowspan",
        "align",
        "valign",
        "border",
        "cellpadding",
        "cellspacing",
        "target",
        "charset",
        "http-equiv",
        "media",
        "sizes",
        "loading",
        "tabindex",
        "role",
        "method",
        "enctype",
        "span",
        "scope",
    }
)
SPACE = re.compile(r"[ \t\n\r\f\v]+")


def parse(markup: str) -> etree._Element:
    """The document's root with scripts, styles, comments, processing instructions, event
    handlers and `srcdoc` removed. CorruptDocument when nothing can be parsed."""
    data = markup.encode("utf-8", "replace") if markup.strip() else b"<html></html>"
    parser = _parser()
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        if _too_deep(parser):
            raise MarkupTooDeep("the HTML is nested deeper than 256 elements") from None
        raise CorruptDocument(f"the HTML could not be parsed ({type(exc).__name__})") from None
    if _too_deep(parser):  # libxml2 stops there and drops the rest: refused, not cut short
        raise MarkupTooDeep("the HTML is nested deeper than 256 elements")
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction, *DROPPED_ELEMENTS)):
        _remove_keeping_tail(node)
    for el in root.iter():
        for name in [a for a, v in el.attrib.items() if _dropped_attribute(a, v)]:
            del el.attrib[name]
    return root


def _dropped_attribute(name: str, value: str) -> bool:
    """Event handlers and `srcdoc` (run or shown to a recipient), inline styles and classes
    (CSS `content:` text, names in class lists: not read, so not redactable) and embedded
    `data:` content."""
    name = name.lower()
    return (
        name.startswith("on")
        or name in DROPPED_ATTRIBUTES
        or value.strip().lower().startswith("data:")
    )


def _too_deep(parser: lxml.html.HTMLParser) -> bool:
    return any("Excessive depth" in e.message for e in parser.error_log)


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)


def _remove_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (node.tail or "")
    else:
        parent.text = (parent.text or "") + (node.tail or "")
    parent.remove(node)


def _raw(el: etree._Element) -> bool:
    return any(isinstance(a.tag, str) and a.tag in RAW for a in el.iterancestors()) or (
        el.tag in RAW
    )


def readable_attributes(el: etree._Element) -> Iterator[str]:
    """Every attribute value but layout tokens: what a person or a program reads, links with
    their paths and queries decoded ("?name=Zelda+Quorvinsky")."""
    for name, value in el.attrib.items():
        name = name.lower()
        if name in LAYOUT_ATTRIBUTES or not value.strip():
            continue
        if name in LINK_ATTRIBUTES:
            value = unquote_plus(value)
        yield SPACE.sub(" ", value).strip()


def _text_nodes(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, "text" or "tail") of every text node, in reading order."""
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start" and el.text:
            yield el, "text"
        if event == "end" and el.tail and el is not root:
            yield el, "tail"


def html_to_text(markup: str) -> str:
    root = parse(markup)
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        block = el.tag in BLOCK
        if event == "start":
            parts.append("\n" if block else "")
            parts.extend(f"\n{value}\n" for value in readable_attributes(el))
            parts.append(_shown(el, el.text))
        else:
            parts.append("\n" if block else "")
            parts.append(_shown(el.getparent(), el.tail) if el is not root else "")
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parts))
    return re.sub(r"\s*\n\s*", "\n", text).strip()


def _shown(el: etree._Element | None, text: str | None) -> str:
    """The text as a browser shows it: white space collapsed outside `pre`."""
    if not text:
        return ""
    return text if el is not None and _raw(el) else SPACE.sub(" ", text)


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    return Extracted(text=html_to_text(decode_text(document.content)))


def redact_markup(markup: str, pairs: Sequence[tuple[str, str]]) -> str:
    root = parse(markup)
    nodes = list(_text_nodes(root))
    texts = []
    for el, kind in nodes:
        owner = el if kind == "text" else el.getparent()
        texts.append(_shown(owner, getattr(el, kind)))
    for (el, kind), text in zip(nodes, replace_across(texts, pairs), strict=True):
        setattr(el, kind, text)
    for el in root.iter():
        for name, value in el.attrib.items():
            el.set(name, _redacted_attribute(name, value, pairs))
    tree = root.getroottree()
    return lxml.html.tostring(tree, encoding="unicode", doctype=tree.docinfo.doctype or None)


def _redacted_attribute(name: str, value: str, pairs: Sequence[tuple[str, str]]) -> str:
    """The value with redacted values replaced; a link holding one is written decoded and
    replaced (it no longer works, and no longer says who, encoded or not)."""
    if name.lower() in LINK_ATTRIBUTES:
        decoded = unquote_plus(value)
        if (replaced := replace_all(decoded, pairs)) != decoded:
            return replaced
    return replace_all(SPACE.sub(" ", value), pairs)


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
) -> bytes:
    pairs = value_pairs(extracted.text, findings, replacements)
    return redact_markup(decode_text(document.content), pairs).encode("utf-8")
