"""DOCX body paragraphs and tables with python-docx (MIT licence).

Redaction (`redact`):
Redacted DOCX, edited as its XML parts with lxml (BSD licence).

- Every occurrence of a redacted value in the body, tables, headers, footers, footnotes and
  endnotes is replaced by its operator's output, also where the value is split across
  formatting runs (the paragraph's text is matched, then the runs are cut).
- Tracked changes are accepted: deleted and moved-from text is removed, insertions kept, the
  record of formatting changes and the authors' names dropped.
- Comments are removed (the comment text, its anchors, and the list of people).
- Core, extended and custom document properties are cleared.
Field codes (hyperlink targets) and relationship targets (mailto: links) are rewritten too.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Sequence

import docx
from docx.opc.exceptions import OpcError
from lxml import etree
from lxml.etree import LxmlError
from PIL import Image

from classifier.document import Document, Extracted, Finding
from classifier.errors import CorruptDocument
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.values import replace_all, value_pairs
from classifier.formats.zipguard import check_zip


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(document.content)) as archive:
            check_zip(archive, document.size, limits)  # before anything is decompressed
        doc = docx.Document(io.BytesIO(document.content))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        for section in doc.sections:  # headers and footers: redacted too, so detected too
            for part in (section.header, section.footer):
                if not part.is_linked_to_previous:
                    parts.extend(p.text for p in part.paragraphs if p.text.strip())
    except (
        zipfile.BadZipFile,
        OpcError,
        zlib.error,
        KeyError,
        ValueError,
        AttributeError,
        OSError,
        EOFError,
        LxmlError,
    ) as exc:
        raise CorruptDocument(f"the DOCX could not be parsed ({type(exc).__name__})") from None
    return Extracted(text="\n".join(parts))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
COMMENT_PARTS = re.compile(
    r"word/(comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml$"
)
DROPPED = (
    "w:del", "w:moveFrom", "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange",
    "w:tcPrChange", "w:trPrChange", "w:tblGridChange", "w:numberingChange",
    "w:commentRangeStart", "w:commentRangeEnd", "w:moveFromRangeStart", "w:moveFromRangeEnd",
    "w:moveToRangeStart", "w:moveToRangeEnd",
)  # fmt: skip
UNWRAPPED = ("w:ins", "w:moveTo")
CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
APP_CLEARED = ("Company", "Manager", "HyperlinkBase", "Template")


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _accept_changes(root: etree._Element) -> None:
    for name in DROPPED:
        for el in list(root.iter(_q(name))):
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)
    for name in UNWRAPPED:
        for el in list(root.iter(_q(name))):
            parent = el.getparent()
            if parent is None:
                continue
            index = parent.index(el)
            for child in list(el):
                parent.insert(index, child)
                index += 1
            parent.remove(el)
    for run in list(root.iter(_q("w:r"))):
        if run.find("w:commentReference", NS) is not None:
            parent = run.getparent()
            if parent is not None:
                parent.remove(run)


def _occurrences(text: str, pairs: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    taken: list[tuple[int, int, str]] = []
    for value, replacement in pairs:
        start = text.find(value)
        while start != -1:
            end = start + len(value)
            if not any(a < end and start < b for a, b, _ in taken):
                taken.append((start, end, replacement))
            start = text.find(value, end)
    return sorted(taken, reverse=True)


def _redact_paragraph(paragraph: etree._Element, pairs: Sequence[tuple[str, str]]) -> None:
    nodes = list(paragraph.iter(_q("w:t")))
    if not nodes:
        return
    texts = [n.text or "" for n in nodes]
    joined = "".join(texts)
    occurrences = _occurrences(joined, pairs)
    if not occurrences:
        return
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t)
    for a, b, replacement in occurrences:  # right to left: earlier offsets stay valid
        first = True
        for i in range(len(nodes)):
            s, e = starts[i], starts[i] + len(texts[i])
            if e <= a or b <= s:
                continue
            lo, hi = max(a, s) - s, min(b, e) - s
            texts[i] = texts[i][:lo] + (replacement if first else "") + texts[i][hi:]
            first = False
    for node, t in zip(nodes, texts, strict=True):
        node.text = t
        if t != t.strip():
            node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _redact_part(data: bytes, pairs: Sequence[tuple[str, str]]) -> bytes:
    root = etree.fromstring(
        data, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    )
    _accept_changes(root)
    for paragraph in root.iter(_q("w:p")):
        _redact_paragraph(paragraph, pairs)
    for node in root.iter(_q("w:instrText")):
        node.text = replace_all(node.text or "", pairs)
    for el in root.iter():
        for attr in [a for a in el.attrib if a.endswith("}author") or a.endswith("}initials")]:
            del el.attrib[attr]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _empty_root(data: bytes) -> bytes:
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    for child in list(root):
        root.remove(child)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _clear_app(data: bytes) -> bytes:
    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in APP_CLEARED:
            el.text = ""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _blank_picture(name: str) -> bytes:
    fmt = "JPEG" if name.lower().endswith((".jpg", ".jpeg")) else "PNG"
    buf = io.BytesIO()
    Image.new("RGB", (1, 1), (255, 255, 255)).save(buf, format=fmt)
    return buf.getvalue()


def redact(
    document: Document,
    extracted: Extracted,
    findings: Sequence[Finding],
    replacements: Sequence[str],
    limits: Limits = DEFAULT_LIMITS,
) -> bytes:
    pairs = value_pairs(extracted.text, findings, replacements)
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(document.content)) as source:
            check_zip(source, document.size, limits)
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
                for info in source.infolist():
                    data = source.read(info)
                    name = info.filename
                    if TEXT_PARTS.match(name):
                        data = _redact_part(data, pairs)
                    elif COMMENT_PARTS.match(name) or name == "docProps/custom.xml":
                        data = _empty_root(data)
                    elif name == "docProps/core.xml":
                        data = CORE
                    elif name == "docProps/app.xml":
                        data = _clear_app(data)
                    elif name.endswith(".rels"):
                        text = data.decode("utf-8")
                        for value, replacement in pairs:
                            text = text.replace(_escape(value), _escape(replacement))
                        data = text.encode("utf-8")
                    elif name.startswith("docProps/thumbnail"):
                        data = _blank_picture(name)  # was a picture of the first page
                    target.writestr(info, data)
    except (zipfile.BadZipFile, KeyError, OSError, etree.LxmlError, UnicodeDecodeError) as exc:
        raise CorruptDocument(f"the DOCX could not be redacted ({type(exc).__name__})") from None
    return out.getvalue()
