"""Redacted documents in their own format: PDF (text truly removed), scans and images (OCR,
painted boxes), DOCX, HTML and e-mail. Fixtures are generated here with planted PII; the
check reads each output with a different library than the one that wrote it."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from classifier.audit.log import AuditLog
from classifier.document import Extracted, Finding, Result
from classifier.errors import DocumentTooLarge, EncryptedDocument
from classifier.formats import locations, redact_document
from classifier.formats.limits import Limits
from classifier.formats.ocr import tesseract_path
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.pipeline import Pipeline
from classifier.policy.rules import load_policy
from classifier.settings import ROOT
from classifier.stages import emit, extract, ingest
from classifier.stages.detect import Detector
from tests.documents import CLINICAL_NOTE, PLANTED, eml_bytes, pdf_bytes

NAME, EMAIL, PHONE = PLANTED
LINES = [
    f"Patient {NAME} was seen today.",
    f"Contact {EMAIL} or phone {PHONE}.",
    "Plan: follow up in two weeks.",
]
needs_ocr = pytest.mark.skipif(tesseract_path() is None, reason="tesseract-ocr not installed")


def pdfminer_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def pypdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


def assert_gone(text: str, values: tuple[str, ...] = PLANTED) -> None:
    for value in values:
        assert squeeze(value) not in squeeze(text)


def find(text: str, values: tuple[str, ...] = PLANTED) -> list[Finding]:
    found = []
    for value, kind in zip(values, ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"), strict=False):
        start = text.index(value)
        found.append(Finding(start, start + len(value), kind, 0.9))
    return sorted(found, key=lambda f: f.start)


def redact(content: bytes, name: str, values: tuple[str, ...] = PLANTED):  # type: ignore[no-untyped-def]
    document = ingest.ingest_bytes(content, name)
    extracted = extract.extract(document)
    findings = find(extracted.text, values)
    rendered = redact_document(
        document, extracted, findings, [f"<{f.entity_type}>" for f in findings]
    )
    assert rendered is not None
    return document, extracted, findings, rendered


def text_image(lines: list[str], size: tuple[int, int] = (1400, 500)) -> Image.Image:
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=36)
    for i, line in enumerate(lines):
        draw.text((40, 40 + 70 * i), line, fill=0, font=font)
    return image


def scanned_pdf(pages: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(buf, format="PDF", save_all=True, append_images=rgb[1:], resolution=150)
    return buf.getvalue()


# PDF ---------------------------------------------------------------------------------------
def test_pdf_value_split_across_two_runs_is_removed() -> None:
    content = pdf_bytes(LINES, split_runs=True)
    stream = PdfReader(io.BytesIO(content)).pages[0].get_contents()
    assert stream is not None and NAME[:5].encode() in stream.get_data()
    assert NAME.encode() not in stream.get_data()  # the name is drawn by two text runs
    _, extracted, findings, (out, media_type) = redact(content, "note.pdf")
    assert media_type == ingest.PDF
    assert_gone(pdfminer_text(out))
    assert_gone(pypdf_text(out))
    kept = squeeze(pdfminer_text(out))
    assert "Patient" in kept and "wasseentoday" in kept and "Plan:followup" in kept
    where = locations(extracted, findings)
    assert all(loc["page"] == 1 and loc["boxes"] and loc["unit"] == "pt" for loc in where)


def test_pdf_metadata_annotations_attachments_and_revisions_dropped() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(LINES))))
    writer.add_metadata({"/Author": NAME, "/Title": f"Notes on {NAME}"})
    writer.add_attachment("contact.txt", f"{EMAIL}\n".encode())
    from pypdf.annotations import FreeText

    writer.add_annotation(0, FreeText(text=f"call {PHONE}", rect=(50, 50, 300, 80)))
    buf = io.BytesIO()
    writer.write(buf)
    first = buf.getvalue()
    # an incremental update that keeps the first revision (with its values) in the file
    update = PdfWriter(io.BytesIO(first), incremental=True)
    update.add_metadata({"/Subject": "updated"})
    buf2 = io.BytesIO()
    update.write(buf2)
    content = buf2.getvalue()
    assert content.count(b"%%EOF") == 2
    assert NAME.encode() in content

    _, _, _, (out, _) = redact(content, "annotated.pdf")
    reader = PdfReader(io.BytesIO(out))
    assert not reader.attachments
    assert "/Annots" not in reader.pages[0]
    assert "/Metadata" not in reader.trailer["/Root"]
    assert "/AcroForm" not in reader.trailer["/Root"]
    info = reader.metadata or {}
    assert all(NAME not in str(v) for v in info.values())
    assert out.count(b"%%EOF") == 1
    for value in PLANTED:
        assert value.encode() not in out
    assert_gone(pdfminer_text(out))


def test_pdf_finding_pages() -> None:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 740, "Page one has nothing to hide.")
    c.showPage()
    c.drawString(72, 740, f"Page two names {NAME}.")
    c.showPage()
    c.save()
    _, extracted, findings, (out, _) = redact(buf.getvalue(), "two.pdf", (NAME,))
    assert locations(extracted, findings)[0]["page"] == 2
    assert "Page one has nothing to hide." in pypdf_text(out)
    assert_gone(pdfminer_text(out), (NAME,))


@needs_ocr
def test_scanned_and_mixed_pdf_via_ocr() -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    scan = text_image(LINES[:2])
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 740, "Typed cover page for the referral.")
    c.showPage()
    c.drawImage(ImageReader(scan.convert("RGB")), 0, 400, width=595, height=212)
    c.showPage()
    c.save()
    document = ingest.ingest_bytes(buf.getvalue(), "mixed.pdf")
    extracted = extract.extract(document)
    assert [p.ocr for p in extracted.layout] == [False, True]
    assert NAME in extracted.text and EMAIL in extracted.text
    findings = find(extracted.text, (NAME, EMAIL))
    out, _ = redact_document(document, extracted, findings, ["<P>", "<E>"]) or (b"", "")
    assert "Typed cover page" in pypdf_text(out)
    reread = extract.extract(ingest.ingest_bytes(out, "again.pdf"))  # OCR of the output
    assert_gone(reread.text, (NAME, EMAIL))
    assert_gone(pdfminer_text(out), (NAME, EMAIL))
    assert locations(extracted, findings)[0]["page"] == 2


# images ------------------------------------------------------------------------------------
@needs_ocr
@pytest.mark.parametrize("fmt,media", [("PNG", ingest.PNG), ("JPEG", ingest.JPEG)])
def test_image_boxes_painted_over_words(fmt: str, media: str) -> None:
    buf = io.BytesIO()
    image = text_image(LINES)
    image.save(buf, format=fmt)
    _, extracted, findings, (out, media_type) = redact(buf.getvalue(), f"scan.{fmt}")
    assert media_type == media
    where = locations(extracted, findings)
    assert all(loc["unit"] == "px" and loc["boxes"] for loc in where)
    x0, y0, x1, y1 = where[0]["boxes"][0]
    redacted = Image.open(io.BytesIO(out)).convert("L")
    assert redacted.getpixel((int((x0 + x1) / 2), int((y0 + y1) / 2))) < 40  # painted
    again = extract.extract(ingest.ingest_bytes(out, f"again.{fmt}"))
    assert_gone(again.text)
    assert "Plan" in again.text
    assert not redacted.info.get("exif")


@needs_ocr
def test_multipage_tiff_like_a_fax() -> None:
    pages = [text_image(["Fax cover: two pages follow"]), text_image(LINES[:2])]
    buf = io.BytesIO()
    bw = [p.convert("1") for p in pages]
    bw[0].save(buf, format="TIFF", save_all=True, append_images=bw[1:], compression="group4")
    _, extracted, findings, (out, media_type) = redact(buf.getvalue(), "fax.tif", (NAME, EMAIL))
    assert media_type == ingest.TIFF and extracted.pages == 2
    assert locations(extracted, findings)[0]["page"] == 2
    assert Image.open(io.BytesIO(out)).n_frames == 2
    again = extract.extract(ingest.ingest_bytes(out, "again.tif"))
    assert_gone(again.text, (NAME, EMAIL))


# DOCX --------------------------------------------------------------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_everything() -> bytes:
    """Body with a name split over two runs, a header and footer, a comment, a tracked
    deletion and insertion, and core properties naming the patient."""
    import docx

    doc = docx.Document()
    p = doc.add_paragraph("Patient ")
    p.add_run(NAME[:5]).bold = True
    p.add_run(NAME[5:] + " seen today.")
    doc.add_paragraph(f"Contact {EMAIL}.")
    doc.sections[0].header.paragraphs[0].text = f"Chart of {NAME}"
    doc.sections[0].footer.paragraphs[0].text = f"Phone {PHONE}"
    doc.add_comment(p.runs[0], text=f"Check {PHONE} with {NAME}", author="Dr Reviewer")
    doc.core_properties.author = NAME
    doc.core_properties.title = f"Notes on {NAME}"
    buf = io.BytesIO()
    doc.save(buf)
    # a tracked deletion and insertion, written into the XML
    source = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                tracked = (
                    f'<w:p><w:del w:id="91" w:author="{NAME}"><w:r><w:delText>old number '
                    f'{PHONE}</w:delText></w:r></w:del><w:ins w:id="92" w:author="X">'
                    "<w:r><w:t>New plan.</w:t></w:r></w:ins></w:p>"
                ).encode()
                data = data.replace(b"<w:sectPr", tracked + b"<w:sectPr", 1)
            target.writestr(info, data)
    return out.getvalue()


def test_docx_split_runs_headers_comments_changes_properties() -> None:
    content = docx_with_everything()
    document = ingest.ingest_bytes(content, "note.docx")
    extracted = extract.extract(document)
    assert NAME in extracted.text  # across the two runs
    findings = find(extracted.text)
    rendered = redact_document(document, extracted, findings, ["<PERSON>", "<EMAIL>", "<PHONE>"])
    assert rendered is not None and rendered[1] == ingest.DOCX
    out = rendered[0]
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        for name in z.namelist():
            data = z.read(name).decode("utf-8", "replace")
            for value in PLANTED:
                assert value not in data, name
            assert "Dr Reviewer" not in data, name
        body = z.read("word/document.xml").decode()
        assert "New plan." in body and "w:del " not in body and "<w:ins" not in body
    import docx

    doc = docx.Document(io.BytesIO(out))
    assert doc.paragraphs[0].text == "Patient <PERSON> seen today."
    assert doc.sections[0].header.paragraphs[0].text == "Chart of <PERSON>"
    assert doc.sections[0].footer.paragraphs[0].text == "Phone <PHONE>"
    assert not doc.core_properties.author and not doc.core_properties.title


def test_docx_zip_bomb_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document " + W.encode() + b"/>")
        z.writestr("word/bomb.xml", b"\0" * (50 * 1024 * 1024))
    with pytest.raises(DocumentTooLarge):
        extract.extract(ingest.ingest_bytes(buf.getvalue(), "bomb.docx"))


# HTML and e-mail ---------------------------------------------------------------------------
def test_html_keeps_markup() -> None:
    markup = (
        "<html><head><style>p > b {color: red}</style></head><body>"
        f"<p>Patient <b>{NAME}</b></p><!-- {PHONE} -->"
        f'<p><a href="mailto:{EMAIL}">{EMAIL}</a> &amp; {PHONE}</p></body></html>'
    )
    _, _, _, (out, media_type) = redact(markup.encode(), "note.html")
    text = out.decode()
    assert media_type == ingest.HTML
    assert_gone(text)
    assert "<b>&lt;PERSON&gt;</b>" in text and "color: red" not in text  # styles dropped
    assert 'href="mailto:&lt;EMAIL_ADDRESS&gt;"' in text


def test_eml_attachments_reassembled(pipeline: Pipeline, tmp_path: Path) -> None:
    attachment = pdf_bytes(LINES, split_runs=True)
    content = eml_bytes(CLINICAL_NOTE, attachments={"note.pdf": attachment}, html=f"<p>{NAME}</p>")
    result = pipeline.process_bytes(content, "referral.eml", source="test")
    assert isinstance(result, Result)
    assert result.redacted_media_type == ingest.EMAIL and result.redacted_content
    import email
    import email.policy

    message = email.message_from_bytes(result.redacted_content, policy=email.policy.default)
    raw = result.redacted_content.decode("utf-8", "replace")
    assert "Margaret Thornton" not in raw and "margaret.thornton@example.org" not in raw
    parts = [p for p in message.walk() if p.get_filename()]
    assert len(parts) == 1 and parts[0].get_content_type() == "application/pdf"
    pdf = parts[0].get_payload(decode=True)
    assert_gone(pdfminer_text(pdf))
    child = result.children[0]
    assert isinstance(child, Result) and child.locations and child.locations[0]["page"] == 1
    written = emit.write_result(result, tmp_path)
    assert {p.name for p in written} >= {"referral.redacted.eml", "referral.redacted.txt"}


# the pipeline, limits ----------------------------------------------------------------------
def test_pipeline_pdf_result_has_file_and_locations(pipeline: Pipeline, tmp_path: Path) -> None:
    result = pipeline.process_bytes(pdf_bytes(LINES, split_runs=True), "note.pdf", "test")
    assert isinstance(result, Result) and result.redacted_content is not None
    assert_gone(pdfminer_text(result.redacted_content))
    record = result.as_dict()
    assert set(record["findings"][0]) == {"start", "end", "entity_type", "score"}
    assert len(record["locations"]) == len(record["findings"])
    assert all(loc["page"] == 1 and loc["boxes"] for loc in record["locations"])
    assert "locations" not in result.as_record()
    written = emit.write_result(result, tmp_path)
    assert (tmp_path / "note.redacted.pdf") in written


def test_encrypted_pdf_quarantined(pipeline: Pipeline) -> None:
    from tests.documents import encrypted_pdf_bytes

    result = pipeline.process_bytes(encrypted_pdf_bytes([NAME]), "locked.pdf", "test")
    assert not isinstance(result, Result) and result.reason == "encrypted document"
    with pytest.raises(EncryptedDocument):
        extract.extract(ingest.ingest_bytes(encrypted_pdf_bytes([NAME]), "locked.pdf"))


def test_page_and_pixel_limits() -> None:
    limits = Limits(max_pages=1, max_image_pixels=10_000)
    long_pdf = ingest.ingest_bytes(_two_page_pdf(), "long.pdf")
    assert extract.extract(long_pdf).pages == 2  # the default limits allow it
    with pytest.raises(DocumentTooLarge):
        extract.extract(long_pdf, limits)
    png = io.BytesIO()
    Image.new("L", (200, 200), 255).save(png, format="PNG")
    with pytest.raises(DocumentTooLarge):
        extract.extract(ingest.ingest_bytes(png.getvalue(), "big.png"), limits)


def test_limits_come_from_settings(test_settings) -> None:  # type: ignore[no-untyped-def]
    assert Limits.from_settings(test_settings).max_pages == test_settings.max_pages
    assert Limits.from_settings({"max_pages": 3}) == Limits(max_pages=3)


def test_the_pipeline_applies_its_own_limits(pipeline: Pipeline) -> None:
    """Two pipelines in one process, each with its limits: no shared module state."""
    strict = pipeline.replace(limits=Limits(max_pages=1))
    two_pages = _two_page_pdf()
    assert isinstance(pipeline.process_bytes(two_pages, "long.pdf", "test"), Result)
    outcome = strict.process_bytes(two_pages, "long.pdf", "test")
    assert not isinstance(outcome, Result) and outcome.reason == "document too large"
    assert isinstance(strict.process_bytes(pdf_bytes(LINES), "short.pdf", "test"), Result)


def _two_page_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for line in LINES[:2]:
        c.drawString(72, 740, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_text_documents_have_no_rendered_copy() -> None:
    document = ingest.ingest_text(f"Patient {NAME}")
    extracted = Extracted(f"Patient {NAME}")
    assert redact_document(document, extracted, find(extracted.text, (NAME,)), ["x"]) is None
    assert locations(extracted, find(extracted.text, (NAME,))) == ({"page": 1},)


@pytest.fixture(scope="module")
def model() -> TextClassifier:
    """The shipped model, or CLASSIFIER_MODELS_DIR/CLASSIFIER_MODEL while it is training."""
    models_dir = Path(os.environ.get("CLASSIFIER_MODELS_DIR", ROOT / "models"))
    return TextClassifier(
        resolve_model_dir(models_dir, os.environ.get("CLASSIFIER_MODEL", "")), threads=1
    )


@pytest.fixture
def pipeline(model: TextClassifier, detector: Detector, test_settings) -> Pipeline:  # type: ignore[no-untyped-def]
    return Pipeline(
        model=model,
        detector=detector,
        policy=load_policy(ROOT / "policies" / "default.yaml"),
        audit=AuditLog.from_settings(test_settings),
        quarantine_dir=Path(test_settings.data_dir) / "quarantine",
        max_document_bytes=test_settings.max_document_bytes,
        max_text_chars=test_settings.max_text_chars,
    )


def test_pdf_text_over_an_image_is_rasterised() -> None:
    """Under the box lies an image (a scan with a text layer): the pixels must go too."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(text_image([NAME]).convert("RGB")), 60, 700, width=400, height=140)
    c.drawString(72, 740, f"Patient {NAME}")
    c.showPage()
    c.save()
    _, _, _, (out, _) = redact(buf.getvalue(), "layered.pdf", (NAME,))
    assert_gone(pdfminer_text(out), (NAME,))
    page = PdfReader(io.BytesIO(out)).pages[0]
    resources = page["/Resources"]
    assert len(resources["/XObject"]) == 1 and not resources.get("/Font")  # one picture


def test_the_second_look_finds_a_value_still_legible_on_the_painted_page() -> None:
    from classifier.formats.image import still_legible

    page = text_image(["Patient Thornton seen today", "Qty 2 Thornton again"])
    boxes = still_legible(page, ["Thornton", "Qty", "ok"], Limits())  # "ok": too short
    assert len(boxes) == 3  # both "Thornton" and the "Qty" the first pass would have missed
    assert still_legible(page, ["Abernathy"], Limits()) == []
