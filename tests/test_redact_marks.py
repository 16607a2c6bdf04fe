"""A reviewer's marks on the pages (classifier.formats.layout.Marks) in the real PDF and
image redactors: a removed finding's text is spared by the search for other occurrences of a
redacted value (and by the PDF's read-back check), and a drawn region is painted, the PDF page
rasterised when an image lies under the region."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image

from classifier.document import Finding
from classifier.formats import redact_document
from classifier.formats.layout import Marks, Region
from classifier.stages import extract, ingest
from tests.documents import pdf_bytes
from tests.test_redact_formats import pdfminer_text, squeeze, text_image

NAME = "Ann Lee"
LINES = [f"Call {NAME} today about the visit.", f"Signed by {NAME} at the desk.", "End."]


def _redact(content: bytes, name: str, keep_first: bool, marks: Marks) -> bytes:
    """Redact the second occurrence of NAME (a finding); the first is a removed finding."""
    document = ingest.ingest_bytes(content, name)
    extracted = extract.extract(document)
    second = extracted.text.index(NAME, extracted.text.index(NAME) + 1)
    finding = Finding(second, second + len(NAME), "PERSON", 0.9)
    if keep_first:
        first = extracted.text.index(NAME)
        marks = Marks(marks.regions, ((first, first + len(NAME)),))
    rendered = redact_document(document, extracted, [finding], ["<PERSON>"], marks=marks)
    assert rendered is not None
    return rendered[0]


def test_a_removed_finding_is_spared_by_the_value_search() -> None:
    content = pdf_bytes(LINES)
    spared = pdfminer_text(_redact(content, "a.pdf", keep_first=True, marks=Marks()))
    assert squeeze(spared).count(squeeze(NAME)) == 1 and "Call Ann Lee" in spared
    assert "Signed by" in spared  # cut, not rasterised: the read-back check allows the spared one
    unmarked = pdfminer_text(_redact(content, "a.pdf", keep_first=False, marks=Marks()))
    assert squeeze(NAME) not in squeeze(unmarked)  # without the mark both occurrences go


def _page(content: bytes) -> tuple[str, Image.Image]:
    pdf = pdfium.PdfDocument(content)
    try:
        page = pdf[0]
        return page.get_textpage().get_text_range(), page.render(scale=1).to_pil().convert("L")
    finally:
        pdf.close()


def _blackened(picture: Image.Image, box: tuple[float, float, float, float]) -> bool:
    """Whether `box` (points, origin bottom left) is black all over on a 792-point page."""
    x0, y0, x1, y1 = box
    inside = picture.crop((round(x0) + 2, round(792 - y1) + 2, round(x1) - 2, round(792 - y0) - 2))
    return bool(inside.getextrema()[1] < 60)


def test_a_region_over_empty_space_is_covered_and_the_text_kept() -> None:
    region = Region(1, (100.0, 100.0, 250.0, 160.0), "PERSON")
    out = _redact(pdf_bytes(LINES), "a.pdf", keep_first=True, marks=Marks((region,)))
    text, picture = _page(out)
    assert "Call Ann Lee" in text and "Signed by" in text
    assert _blackened(picture, region.box)


def test_a_region_over_an_image_rasterises_the_page() -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    for i, line in enumerate(LINES):
        c.drawString(72, 740 - 16 * i, line)
    signature = text_image(["Ann Lee (signature)"], (700, 120)).convert("RGB")
    c.drawImage(ImageReader(signature), 72, 300, width=350, height=60)
    c.showPage()
    c.save()
    region = Region(1, (72.0, 300.0, 422.0, 360.0), "PERSON")  # the signature image
    out = _redact(buf.getvalue(), "s.pdf", keep_first=True, marks=Marks((region,)))
    text, picture = _page(out)
    assert text.strip() == ""  # one picture: no text layer left to read
    assert _blackened(picture, region.box)


def test_a_region_on_an_image_is_painted() -> None:
    picture = text_image(["Call Ann Lee today", "Signed by Ann Lee", ""], (1000, 260))
    buf = io.BytesIO()
    picture.save(buf, format="PNG")
    region = Region(1, (100.0, 200.0, 400.0, 250.0), "PERSON")
    out = _redact(buf.getvalue(), "s.png", keep_first=True, marks=Marks((region,)))
    painted = Image.open(io.BytesIO(out)).convert("L")
    assert painted.crop((104, 204, 396, 246)).getextrema()[1] < 30
    assert painted.crop((115, 52, 240, 74)).getextrema()[1] > 200  # the spared name: not painted
    unmarked = _redact(buf.getvalue(), "s.png", keep_first=False, marks=Marks())
    name = Image.open(io.BytesIO(unmarked)).convert("L").crop((115, 52, 240, 74))
    assert name.getextrema()[1] < 30  # without the mark the value search paints it
