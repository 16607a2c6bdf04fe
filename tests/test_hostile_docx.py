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
