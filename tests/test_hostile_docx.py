"""DOCX with values hidden where a paragraph reader does not look: each is extracted,
detected by the real detector, and gone from the redacted file when that file is read again
with a different reader (zipfile and a regular expression over every XML part)."""

from __future__ import annotations

import pytest

from classifier.document import Result
from classifier.pipeline import Pipeline
from classifier.stages import extract, ingest
from tests.hostile_docx import HIDDEN, hostile_docx, xml_texts


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_fixture_hides_its_values_from_a_paragraph_reader() -> None:
    import io

    import docx

    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(hostile_docx())).paragraphs)
    assert HIDDEN["content control"] not in paragraphs  # what the old extractor read
    assert HIDDEN["after an entity"] not in paragraphs


@pytest.mark.parametrize("place", sorted(HIDDEN))
def test_every_hiding_place_is_extracted(place: str) -> None:
    text = extract.extract(ingest.ingest_bytes(hostile_docx(), "hidden.docx")).text
    assert HIDDEN[place] in text
    assert "(see file)" not in text  # the entity is not resolved


def test_detected_values_are_gone_from_the_redacted_docx(pipeline: Pipeline) -> None:
    result = pipeline.process_bytes(hostile_docx(), "hidden.docx", source="test")
    assert isinstance(result, Result) and result.redacted_content is not None
    text = extract.extract(ingest.ingest_bytes(hostile_docx(), "hidden.docx")).text
    detected = {text[f.start : f.end].strip() for f in result.findings}
    assert {HIDDEN["content control"], HIDDEN["text box"]} <= detected  # a name and an SSN
    assert HIDDEN["tracked insertion"] in detected and HIDDEN["simple field code"] in detected
    reread = squeeze(xml_texts(result.redacted_content))
    assert "Dischargesummary." in reread
    for value in detected:  # (a value of one or two characters, "1", is in any XML by chance)
        assert len(squeeze(value)) < 3 or squeeze(value) not in reread


def _with_parts(content: bytes, parts: dict[str, bytes], rels: str = "") -> bytes:
    """The DOCX with `parts` added, and `rels` (Relationship elements) in the body's rels."""
    import io
    import zipfile

    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/_rels/document.xml.rels" and rels:
                data = data.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
            target.writestr(info, data)
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


def _jpeg_with_exif(description: str) -> bytes:
    import io

    from PIL import Image

    picture, exif, out = Image.new("RGB", (8, 8), "white"), Image.Exif(), io.BytesIO()
    exif[0x010E] = description  # ImageDescription
    picture.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_parts_that_are_not_read_do_not_leave_in_the_redacted_docx(pipeline: Pipeline) -> None:
    """Red team, round 7: an altChunk (HTML), an embedded document, a part nothing points to
    and a picture's EXIF went out unredacted."""
    import io
    import zipfile

    from tests.documents import docx_bytes

    secret = "Zelda Quorvinsky 219-09-9999"
    rel = 'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    content = _with_parts(
        docx_bytes(["Discharge summary."]),
        {
            "word/chunk1.html": f"<html><body>{secret}</body></html>".encode(),
            "word/embeddings/doc1.docx": secret.encode(),
            "word/notes-old.xml": f"<x>{secret}</x>".encode(),
            "secret.txt": secret.encode(),
            "word/media/image9.jpeg": _jpeg_with_exif(secret),
        },
        f'<Relationship Id="rIdA" {rel}aFChunk" Target="chunk1.html"/>'
        f'<Relationship Id="rIdB" {rel}package" Target="embeddings/doc1.docx"/>'
        f'<Relationship Id="rIdC" {rel}image" Target="media/image9.jpeg"/>',
    )
    result = pipeline.process_bytes(content, "parts.docx", source="test")
    assert isinstance(result, Result) and result.redacted_content is not None
    with zipfile.ZipFile(io.BytesIO(result.redacted_content)) as z:
        names = set(z.namelist())
        assert "word/notes-old.xml" not in names and "secret.txt" not in names
        for name in names:
            assert b"Quorvinsky" not in z.read(name), name
        assert "word/media/image9.jpeg" in names and "word/chunk1.html" in names
