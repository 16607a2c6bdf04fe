from __future__ import annotations

import pytest

from classifier.document import Result
from classifier.errors import DocumentTooLarge
from classifier.pipeline import Pipeline
from classifier.stages import ingest
from tests.documents import docx_bytes, eml_bytes, pdf_bytes


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\system32\\cmd.exe", "cmd.exe"),
        ("/abs/path/report.pdf", "report.pdf"),
        ("na\x00me\x1b[31m.txt", "name[31m.txt"),
        ("", "document"),
        ("..", "document"),
        ("résumé – final.docx", "résumé – final.docx"),
        ('a<b>c:d*e?f"g|h.txt', "abcdefgh.txt"),
    ],
)
def test_safe_filename(name: str, expected: str) -> None:
    assert ingest.safe_filename(name) == expected


@pytest.mark.parametrize("name", ["x" * 5000 + ".pdf", "😀" * 119 + ".pdf", "é" * 300 + ".pdf"])
def test_safe_filename_bounds_length_and_keeps_extension(name: str) -> None:
    safe = ingest.safe_filename(name)
    assert len(safe) <= ingest.MAX_FILENAME_CHARS
    assert len(safe.encode()) <= ingest.MAX_FILENAME_BYTES
    assert safe.endswith(".pdf")


@pytest.mark.parametrize(
    ("content", "name", "media_type"),
    [
        (pdf_bytes(["hello"]), "upload.bin", ingest.PDF),
        (docx_bytes(["hello"]), "upload", ingest.DOCX),
        (eml_bytes("hello"), "message", ingest.EMAIL),
        (b"<!DOCTYPE html><html><body>hi</body></html>", "page", ingest.HTML),
        (b"plain words", "notes", ingest.TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "scan.png", ingest.PNG),
        (b"GIF89a\x01\x00\x01\x00", "anim.gif", ingest.UNKNOWN),
        (b"PK\x03\x04 not really a zip", "archive.zip", ingest.UNKNOWN),
        # a header away from offset 0: a PDF unless the name says text
        (b"garbage\n" + pdf_bytes(["hello"]), "upload.bin", ingest.PDF),
        (b"garbage\n" + pdf_bytes(["hello"]), "scan.pdf", ingest.PDF),
        (b"Notes on the %PDF-1.7 header format.\n", "notes.txt", ingest.TEXT),
        (b"<p>see %PDF-1.4</p>", "page.html", ingest.HTML),
    ],
)
def test_media_type_is_sniffed_from_content(content: bytes, name: str, media_type: str) -> None:
    assert ingest.ingest_bytes(content, name).media_type == media_type


def test_text_quoting_a_pdf_header_is_processed_as_text(pipeline: Pipeline) -> None:
    content = b"How to spot a PDF: its first bytes are %PDF-1.7 and a version.\n"
    outcome = pipeline.process_bytes(content, "howto.txt", source="test")
    assert isinstance(outcome, Result) and outcome.media_type == ingest.TEXT


def test_sha256_and_size() -> None:
    doc = ingest.ingest_bytes(b"abc", "a.txt")
    assert doc.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert doc.size == 3


def test_size_limit() -> None:
    with pytest.raises(DocumentTooLarge):
        ingest.ingest_bytes(b"x" * 11, "a.txt", max_bytes=10)
