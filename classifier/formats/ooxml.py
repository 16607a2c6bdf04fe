"""The XML inside a DOCX, read and written with lxml (BSD licence): a safe parser, tracked
changes accepted, and the text a reader sees gathered per paragraph.

Text-bearing elements are `w:t` (runs anywhere: body, tables, content controls, text boxes,
smart tags, hyperlinks, field results), `w:delText` (a deletion left outside `w:del`) and
`w:instrText` (field codes such as a HYPERLINK target). Entity references (`&x;`, declared
in a DOCTYPE) are removed with the DOCTYPE, and the text after them kept; XML comments and
processing instructions are removed.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DROPPED = (
    "w:del", "w:moveFrom", "w:rPrChange", "w:pPrChange", "w:sectPrChange", "w:tblPrChange",
    "w:tcPrChange", "w:trPrChange", "w:tblGridChange", "w:numberingChange",
    "w:commentRangeStart", "w:commentRangeEnd", "w:moveFromRangeStart", "w:moveFromRangeEnd",
    "w:moveToRangeStart", "w:moveToRangeEnd",
)  # fmt: skip
UNWRAPPED = ("w:ins", "w:moveTo")
# attributes a reader or a program can read: alt text of pictures, content control names,
# form field defaults and list items, simple field codes, document variables
READABLE_ATTRIBUTES = {"descr", "title", "displayText", "instr"}  # instr: a w:fldSimple's code
READABLE_VALUE_OF = {"alias", "tag", "default", "listItem", "docVar"}


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


TEXT_TAGS = {q("w:t"): "t", q("w:delText"): "del", q("w:instrText"): "instr"}
PARAGRAPH = q("w:p")


def parse(data: bytes) -> etree._Element:
    """The part's root with entity references, comments and processing instructions
    removed (the text after each kept). Raises lxml's errors for malformed XML."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    root = etree.fromstring(data, parser=parser)
    for node in list(root.iter(etree.Entity, etree.Comment, etree.ProcessingInstruction)):
        remove_keeping_tail(node)
    return root


def remove_keeping_tail(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def accept_changes(root: etree._Element) -> None:
    """Deleted and moved-from text removed, insertions kept, comment anchors removed."""
    for name in DROPPED:
        for el in list(root.iter(q(name))):
            if el.getparent() is not None:
                remove_keeping_tail(el)
    for name in UNWRAPPED:
        for el in list(root.iter(q(name))):
            parent = el.getparent()
            if parent is None:
                continue
            index = parent.index(el)
            for child in list(el):
                parent.insert(index, child)
                index += 1
            remove_keeping_tail(el)
    for run in list(root.iter(q("w:r"))):
        if run.find("w:commentReference", NS) is not None and run.getparent() is not None:
            remove_keeping_tail(run)


def _owner(node: etree._Element) -> etree._Element | None:
    parent = node.getparent()
    while parent is not None and parent.tag != PARAGRAPH:
        parent = parent.getparent()
    return parent


def text_lines(root: etree._Element) -> Iterator[str]:
    """The part's text: one line per paragraph (a text box's paragraphs on lines of their
    own), field codes on lines of their own, then readable attribute values."""
    line: list[str] = []
    key: object = None
    for node in root.iter(*TEXT_TAGS):
        node_key = (_owner(node), TEXT_TAGS[str(node.tag)] == "instr")
        if node_key != key and line:
            yield "".join(line)
            line = []
        key = node_key
        line.append(node.text or "")
    if line:
        yield "".join(line)
    yield from readable_attributes(root)


def readable_attributes(root: etree._Element) -> Iterator[str]:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = etree.QName(el).localname
        for name, value in el.attrib.items():
            attr = etree.QName(name).localname
            readable = attr in READABLE_ATTRIBUTES or (
                local in READABLE_VALUE_OF and attr in ("val", "value")
            )
            if readable and value.strip():
                yield value
