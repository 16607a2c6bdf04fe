"""Hostile DOCX fixtures: values hidden where a paragraph reader does not look (content
controls, text boxes, tracked insertions, smart tags, hyperlinks, text after an entity
reference, document properties), built with python-docx and raw XML edits."""

from __future__ import annotations

import html
import io
import re
import zipfile

HIDDEN = {
    "content control": "Margaret Thornton",
    "text box": "536-22-8741",
    "tracked insertion": "margaret.thornton@example.org",
    "smart tag": "Boston General Hospital",
    "after an entity": "617-555-0142",
    "hyperlink": "Olivia Brandt",
    "simple field code": "henry.okafor@example.org",
}
V = "urn:schemas-microsoft-com:vml"


def hidden_body() -> bytes:
    h = HIDDEN
    return (
        '<w:p><w:r><w:t xml:space="preserve">Patient: </w:t></w:r><w:sdt><w:sdtPr>'
        '<w:alias w:val="Name"/></w:sdtPr><w:sdtContent><w:r><w:t>'
        f"{h['content control']}</w:t></w:r></w:sdtContent></w:sdt></w:p>"
        '<w:p><w:r><w:t xml:space="preserve">SSN: </w:t></w:r><w:r><w:pict>'
        f'<v:shape xmlns:v="{V}"><v:textbox><w:txbxContent><w:p><w:r><w:t>'
        f"{h['text box']}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        '</w:p><w:p><w:ins w:id="7" w:author="Clerk"><w:r><w:t xml:space="preserve">Mail '
        f"{h['tracked insertion']}</w:t></w:r></w:ins></w:p>"
        '<w:p><w:smartTag w:uri="urn:x" w:element="place"><w:r><w:t>'
        f"{h['smart tag']}</w:t></w:r></w:smartTag></w:p>"
        f"<w:p><w:r><w:t>Call &x; {h['after an entity']}</w:t></w:r></w:p>"
        '<w:p><w:hyperlink w:anchor="a"><w:r><w:t xml:space="preserve">Referred by '
        f"{h['hyperlink']}</w:t></w:r></w:hyperlink></w:p>"
        f'<w:p><w:fldSimple w:instr=" HYPERLINK &quot;mailto:{h["simple field code"]}&quot; ">'
        "<w:r><w:t>write to us</w:t></w:r></w:fldSimple></w:p>"
    ).encode()


def hostile_docx() -> bytes:
    import docx

    doc = docx.Document()
    doc.add_paragraph("Discharge summary.")
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:sectPr", hidden_body() + b"<w:sectPr", 1)
                data = data.replace(
                    b"?>", b'?>\n<!DOCTYPE w:document [<!ENTITY x "(see file)">]>', 1
                )
            target.writestr(info, data)
    return out.getvalue()


def xml_texts(content: bytes) -> str:
    """A reader unlike ours: every XML part of the archive, tags cut out by a regular
    expression, entities decoded; attribute values kept apart (mailto: targets, names)."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                xml = archive.read(name).decode("utf-8", "replace")
                texts.append(html.unescape(re.sub(r"<[^>]*>", "", xml)))
                texts.extend(html.unescape(v) for v in re.findall(r'="([^"]*)"', xml))
    return "\n".join(texts)
