from __future__ import annotations

import pytest

from classifier.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    UnsupportedFormat,
)
from classifier.stages.extract import extract
from classifier.stages.ingest import OLE, ingest_bytes
from tests.documents import docx_bytes, eml_bytes, encrypted_pdf_bytes, pdf_bytes


def _extract(content: bytes, name: str):  # type: ignore[no-untyped-def]
    return extract(ingest_bytes(content, name))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Grüße aus Köln, naïve café".encode(), "Grüße aus Köln, naïve café"),
        ("Grüße aus Köln, naïve café".encode("utf-16"), "Grüße aus Köln, naïve café"),
        (b"\xef\xbb\xbfwith a BOM", "with a BOM"),
    ],
)
def test_text_encodings(content: bytes, expected: str) -> None:
    assert _extract(content, "note.txt").text == expected


def test_latin1_text_is_decoded() -> None:
    text = "Le patient a été vu à l'hôpital. Les résultats sont normaux et rassurants."
    assert _extract(text.encode("latin-1"), "note.txt").text == text


def test_utf8_text_offsets_are_exact() -> None:
    text = "line one\r\nline two\n\n  spaced  "
    assert _extract(text.encode(), "a.txt").text == text


def test_pdf_text_layer() -> None:
    extracted = _extract(pdf_bytes(["Invoice for Jonathan Mercer", "Total due 120.00"]), "a.pdf")
    assert "Jonathan Mercer" in extracted.text
    assert extracted.pages == 1


def test_pdf_value_split_across_runs() -> None:
    extracted = _extract(pdf_bytes(["Patient Jonathan Mercer"], split_runs=True), "a.pdf")
    assert "Jonathan Mercer" in extracted.text


def test_encrypted_pdf() -> None:
    with pytest.raises(EncryptedDocument):
        _extract(encrypted_pdf_bytes(["secret"]), "locked.pdf")


def test_truncated_pdf_is_corrupt() -> None:
    with pytest.raises((CorruptDocument, EmptyDocument)):
        _extract(pdf_bytes(["hello"])[:200], "broken.pdf")


def test_garbage_pdf_is_corrupt() -> None:
    with pytest.raises(CorruptDocument):
        _extract(b"%PDF-1.7\n" + bytes(range(256)) * 4, "garbage.pdf")


def test_docx_paragraphs_and_tables() -> None:
    content = docx_bytes(["Referral letter", "Dear colleague,"], table=[["Name", "Olivia Brandt"]])
    text = _extract(content, "letter.docx").text
    assert "Referral letter" in text
    assert "Olivia Brandt" in text


def test_corrupt_docx() -> None:
    content = bytearray(docx_bytes(["hello"]))
    content[200:400] = b"\x00" * 200
    with pytest.raises(CorruptDocument):
        _extract(bytes(content), "broken.docx")


def test_password_protected_docx_is_encrypted() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    doc = ingest_bytes(ole, "locked.docx")
    assert doc.media_type == OLE
    with pytest.raises(EncryptedDocument):
        extract(doc)


def test_html_drops_scripts_and_decodes_entities() -> None:
    html = (
        b"<html><head><title>t</title><script>var secret=1;</script></head>"
        b"<body><h1>Report</h1><p>Caf&eacute; &amp; bar</p><style>p{}</style></body></html>"
    )
    text = _extract(html, "page.html").text
    assert text == "t\nReport\nCafé & bar"  # the title is shown (a tab, a bookmark): read


def test_email_text_and_attachments_become_children() -> None:
    content = eml_bytes(
        "Please see the attached note.", attachments={"note.txt": b"Attached words"}
    )
    extracted = _extract(content, "referral.eml")
    assert "Please see the attached note." in extracted.text
    assert "Subject: Referral" in extracted.text
    assert len(extracted.children) == 1
    child = extracted.children[0]
    assert child.filename == "attachment-1.txt"  # the sender's name may hold a name
    assert child.content.rstrip() == b"Attached words"


def test_email_html_only_body() -> None:
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["Subject"] = "hi"
    msg.set_content("<p>Only <b>html</b> here</p>", subtype="html")
    assert "Only html here" in _extract(msg.as_bytes(), "m.eml").text


def test_unknown_binary_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat):
        _extract(b"GIF89a\x01\x00\x01\x00\x00\x00", "anim.gif")


def test_empty_text_is_refused() -> None:
    with pytest.raises(EmptyDocument):
        _extract(b"   \n\t ", "blank.txt")
