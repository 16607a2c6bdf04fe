"""DOCX: every XML part read with lxml (see `ooxml`), each member through the zip guard's
byte budget (decompressed bytes counted, declared sizes not trusted).

Extraction (`extract`): the text of every text-bearing element in every XML part (body,
tables, content controls, text boxes, tracked insertions, smart tags, hyperlinks, field
results and codes, headers, footers, footnotes, endnotes, comments, the glossary), readable
attributes (alt text, content control names), external relationship targets (mailto: links),
core and custom document properties and custom XML data.

Redaction (`redact`):
- Every occurrence of a redacted value in any XML part is replaced by its operator's output,
  also where the value is split across formatting runs (the paragraph's text is matched, then
  the runs are cut), and in every other text node and attribute value.
- Tracked changes are accepted: deleted and moved-from text is removed, insertions kept, the
  record of formatting changes and the authors' names dropped.
- Comments are removed (the comment text, its anchors, and the list of people).
- Core, extended and custom document properties are cleared; the thumbnail is blanked.
- Pictures are saved anew from their pixels (no EXIF, PNG text or TIFF tags); embedded
  objects and documents, altChunk parts (HTML, RTF, another DOCX) and any other part that is
  not XML, a picture or a font are emptied (they are not read, so cannot be redacted);
  parts no relationship points to are left out.
- Hyperlink tooltips are dropped.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence

from lxml import etree
from lxml.etree import LxmlError
from PIL import Image

from classifier.document import Document, Extracted, Finding
from classifier.errors import CorruptDocument
from classifier.formats import ooxml
from classifier.formats.limits import DEFAULT_LIMITS, Limits
from classifier.formats.values import replace_across, replace_all, value_pairs
from classifier.formats.zipguard import read_members

COMMENT_PARTS = re.compile(
    r"word/(comments|commentsExtended|commentsIds|commentsExtensible|people)\.xml$"
)
PROPERTY_PARTS = re.compile(r"(docProps/(core|custom)|customXml/item\d*)\.xml$")
# reading order: the body first, then headers, footers, notes, comments, the rest
ORDER = ("word/document.xml", "word/header", "word/footer", "word/footnotes", "word/endnotes")
CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
PICTURE_FORMATS = ("JPEG", "PNG", "GIF", "TIFF", "BMP", "WEBP")
APP_CLEARED = ("Company", "Manager", "HyperlinkBase", "Template")
PARSE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    ValueError,
    OSError,
    EOFError,
    LxmlError,
    UnicodeDecodeError,
    NotImplementedError,  # an unsupported compression method
)


def _order(name: str) -> tuple[int, str]:
    ranks = [i for i, prefix in enumerate(ORDER) if name.startswith(prefix)]
    return (ranks[0] if ranks else len(ORDER), name)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels")) and name != "[Content_Types].xml"


def _part_lines(name: str, data: bytes) -> Iterator[str]:
    root = ooxml.parse(data)
    if PROPERTY_PARTS.match(name):
        yield from (t.strip() for t in root.itertext() if t.strip())
    elif name.endswith(".rels"):
        for rel in root:
            if rel.get("TargetMode") == "External" and rel.get("Target"):
                yield str(rel.get("Target"))
    elif name.startswith("word/"):
        ooxml.accept_changes(root)
        yield from ooxml.text_lines(root)


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    try:
        members = read_members(document.content, limits)
        if not any(info.filename == "word/document.xml" for info, _ in members):
            raise KeyError("word/document.xml")
        lines: list[str] = []
        for info, data in sorted(members, key=lambda m: _order(m[0].filename)):
            if _is_xml(info.filename):
                lines.extend(_part_lines(info.filename, data))
    except PARSE_ERRORS as exc:
        raise CorruptDocument(f"the DOCX could not be parsed ({type(exc).__name__})") from None
    return Extracted(text="\n".join(lines))


def _redact_tree(root: etree._Element, pairs: Sequence[tuple[str, str]]) -> None:
    ooxml.accept_changes(root)
    for paragraph in root.iter(ooxml.PARAGRAPH):
        nodes = list(paragraph.iter(ooxml.q("w:t")))
        texts = replace_across([n.text or "" for n in nodes], pairs)
        for node, text in zip(nodes, texts, strict=True):
            node.text = text
            if text != text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for el in root.iter():  # whatever else holds text: field codes, attributes, data
        el.text = replace_all(el.text, pairs) if el.text else el.text
        el.tail = replace_all(el.tail, pairs) if el.tail else el.tail
        for attr, value in el.attrib.items():
            if attr.endswith(("}author", "}initials", "}tooltip")):
                del el.attrib[attr]
            else:
                el.set(attr, replace_all(value, pairs))


def _redact_part(data: bytes, pairs: Sequence[tuple[str, str]]) -> bytes:
    root = ooxml.parse(data)
    _redact_tree(root, pairs)
    return ooxml.serialize(root)


def _empty_root(data: bytes) -> bytes:
    root = ooxml.parse(data)
    for child in list(root):
        root.remove(child)
    return ooxml.serialize(root)


def _clear_app(data: bytes) -> bytes:
    root = ooxml.parse(data)
    for el in root.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in APP_CLEARED:
            el.text = ""
    return ooxml.serialize(root)


def _blank_picture(name: str) -> bytes:
    fmt = "JPEG" if name.lower().endswith((".jpg", ".jpeg")) else "PNG"
    buf = io.BytesIO()
    Image.new("RGB", (1, 1), (255, 255, 255)).save(buf, format=fmt)
    return buf.getvalue()


def _picture_without_metadata(data: bytes) -> bytes:
    """The picture saved anew from its pixels: EXIF (camera owner, description, GPS), PNG text
    chunks and TIFF tags are not carried over. A picture Pillow cannot read (EMF, WMF, SVG)
    stays as it is."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            fmt = picture.format
            if fmt not in PICTURE_FORMATS:
                return data
            picture.load()
            out = io.BytesIO()
            picture.save(out, format=fmt)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return data


def _redacted_member(name: str, data: bytes, pairs: Sequence[tuple[str, str]]) -> bytes:
    if COMMENT_PARTS.match(name) or name == "docProps/custom.xml":
        return _empty_root(data)
    if name == "docProps/core.xml":
        return CORE
    if name == "docProps/app.xml":
        return _clear_app(data)
    if name == "[Content_Types].xml":
        return data
    if _is_xml(name):
        return _redact_part(data, pairs)
    if name.startswith("docProps/thumbnail"):
        return _blank_picture(name)  # was a picture of the first page
    if name.startswith("word/media/"):
        return _picture_without_metadata(data)
    if name.startswith("word/fonts/"):
        return data
    # embedded objects and documents, alternative-format chunks (altChunk: HTML, RTF, another
    # DOCX) and parts nothing points to are not read, so they cannot be redacted: emptied
    return b""


def referenced_parts(members: Sequence[tuple[zipfile.ZipInfo, bytes]]) -> set[str]:
    """The parts some relationship points to (internal targets, resolved against the folder
    of the part the relationships belong to), with the relationship parts themselves."""
    found = {"[Content_Types].xml"}
    for info, data in members:
        name = info.filename
        if not name.endswith(".rels"):
            continue
        found.add(name)
        owner_dir = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
        for rel in ooxml.parse(data):
            target = rel.get("Target")
            if target and rel.get("TargetMode") != "External":
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.join(owner_dir, target)
                )
                found.add(posixpath.normpath(path))
    return found


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
        members = read_members(document.content, limits)
        referenced = referenced_parts(members)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in members:
                if info.filename not in referenced:  # a part nothing points to: not kept
                    continue
                target.writestr(info, _redacted_member(info.filename, data, pairs))
    except PARSE_ERRORS as exc:
        raise CorruptDocument(f"the DOCX could not be redacted ({type(exc).__name__})") from None
    return out.getvalue()
