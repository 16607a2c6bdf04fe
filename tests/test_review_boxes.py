# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The reviewer's boxes on the page view, against the real app, store, PDFium, Tesseract and
audit trail: each finding's boxes in picture pixels; a box removed removes its finding; a box
drawn over text becomes a finding over that text, one drawn where there is none a painted
region; Release gives the PDF or image with exactly those boxes (the released PDF's text read
again: the removed value present, the drawn values gone)."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest
from flask import Flask
from PIL import Image

from classifier.audit.log import read_records
from tests.documents import CLINICAL_NOTE, PLANTED, pdf_bytes
from tests.test_redact_formats import text_image
from tests.test_web_documents import _upload as upload
from tests.test_web_review_audit import _held
from tests.web_fixtures import bearer, review_app, service_of, tokens_for, web_settings  # noqa: F401

LINES = CLINICAL_NOTE.splitlines()
SCALE = 1000 / 612  # picture pixels per point: a letter page is drawn 1000 pixels wide
PHONE = "617-555-0142"
DRAWN_TEXT = "Laparoscopic appendectomy"  # line 3, missed by detection
BLANK = [100, 1100, 300, 1200]  # picture pixels under the last line: nothing drawn there


def _line_box(index: int, x0: float = 72, x1: float = 450) -> list[float]:
    """Picture pixels of line `index` as pdf_bytes writes it (baselines 16 points apart)."""
    baseline = 740 - 16 * index
    return [x0 * SCALE, (792 - baseline - 10) * SCALE, x1 * SCALE, (792 - baseline + 2) * SCALE]


def _upload(app: Flask, token: str, name: str, content: bytes) -> dict:  # type: ignore[type-arg]
    doc = upload(app, token, name, content)
    assert doc["review_state"] == "pending"
    return doc


def _pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _pdf_picture(data: bytes) -> Image.Image:
    pdf = pdfium.PdfDocument(data)
    try:
        return pdf[0].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        pdf.close()


def _dark(picture: Image.Image, box: list[float]) -> bool:
    """Whether the inside of `box` (2 pixels in from its edges) is painted black all over."""
    inside = picture.convert("L").crop((box[0] + 2, box[1] + 2, box[2] - 2, box[3] - 2))
    return bool(inside.getextrema()[1] < 60)


def test_boxes_removed_and_drawn_on_a_pdf(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    doc = _upload(review_app, tokens["submitter"], "referral.pdf", pdf_bytes(LINES))
    client, headers = review_app.test_client(), bearer(tokens["reviewer"])
    url = f"/api/v1/documents/{doc['id']}"
    shown = client.get(f"{url}/boxes", headers=headers)
    assert shown.status_code == 200
    assert shown.json["pages"] == [{"number": 1, "width": 612, "height": 792, "unit": "pt"}]
    text = client.get(f"{url}/text", headers=headers).json["text"]
    boxes = shown.json["boxes"]
    by_value = {text[b["start"] : b["end"]]: b for b in boxes}
    assert set(PLANTED) <= set(by_value)
    phone = by_value[PHONE]
    x0, y0, x1, y1 = phone["boxes"][0]
    assert 0 <= x0 < x1 <= 1000 and 0 <= y0 < y1 <= 1294 and phone["page"] == 1
    assert client.get(f"{url}/boxes", headers=bearer(tokens["submitter"])).status_code == 403
    outline = (round(x0) - 2, round(y0) - 2)  # where the server outlines the phone's box
    for view, colour in (("original", (176, 0, 32)), ("plain", (255, 255, 255))):
        png = client.get(f"{url}/pages/1?view={view}", headers=headers).get_data()
        assert Image.open(io.BytesIO(png)).convert("RGB").getpixel(outline) == colour

    body = {
        "decision": "release",
        "remove": [{"start": phone["start"], "end": phone["end"]}],
        "draw": [
            {"page": 1, "box": _line_box(2), "entity_type": "ID"},  # over text: a finding
            {"page": 1, "box": BLANK, "entity_type": "PERSON"},  # no text: a region
        ],
    }
    released = client.post(f"/api/v1/review/{doc['id']}", json=body, headers=headers)
    assert released.status_code == 200, released.json
    record = released.json
    added = [f for f in record["findings"] if f["entity_type"] == "ID"]
    assert len(added) == 1 and DRAWN_TEXT in text[added[0]["start"] : added[0]["end"]]
    assert PHONE in record["redacted_text"] and DRAWN_TEXT not in record["redacted_text"]
    assert len(record["locations"]) == len(record["findings"])  # the corrected findings'
    drawn_at = record["locations"][record["findings"].index(added[0])]
    assert drawn_at["page"] == 1 and drawn_at["boxes"]
    (region,) = record["regions"]
    assert region["page"] == 1 and region["entity_type"] == "PERSON"

    pdf = client.get(f"{url}/redacted-document", headers=bearer(tokens["submitter"]))
    assert pdf.mimetype == "application/pdf"
    again = _pdf_text(pdf.get_data())
    assert PHONE in again  # the removed box: its value left in the text layer
    assert DRAWN_TEXT not in again and "Margaret Thornton" not in again
    assert "margaret.thornton@example.org" not in again
    assert "DESCRIPTION OF PROCEDURE" in again  # the page kept its text layer
    picture = _pdf_picture(pdf.get_data())
    assert _dark(picture, BLANK)  # the drawn region, painted
    assert not _dark(_pdf_picture(pdf_bytes(LINES)), BLANK)
    assert not _dark(picture, phone["boxes"][0])  # the removed box, not painted

    (decided,) = [
        r
        for r in read_records(service_of(review_app).settings.audit_dir)
        if r["event"] == "review.decided"
    ]
    assert decided["boxes_drawn"] == 2 and decided["regions_drawn"] == 1
    assert decided["spans_added"] == 1 and decided["spans_removed"] == 1
    trail = json.dumps(list(read_records(service_of(review_app).settings.audit_dir)))
    assert not any(v in trail for v in (*PLANTED, DRAWN_TEXT))


@pytest.mark.parametrize(
    ("draw", "detail"),
    [
        ({"page": 2, "box": BLANK, "entity_type": "PERSON"}, "no page 2"),
        ({"page": 1, "box": BLANK, "entity_type": "PERSN"}, "policy's entity types"),
        ({"page": 1, "box": [1, 2, 3], "entity_type": "PERSON"}, "[x0, y0, x1, y1]"),
        ({"page": 1, "box": [10, 10, 1200, 40], "entity_type": "PERSON"}, "inside the page"),
        ({"page": 1, "box": [10, 1500, 40, 1600], "entity_type": "PERSON"}, "outside page 1"),
        ({"page": "1", "box": BLANK, "entity_type": "PERSON"}, "page number"),
    ],
)
def test_a_bad_drawn_box_is_refused(review_app: Flask, draw: dict, detail: str) -> None:  # type: ignore[type-arg]
    tokens = tokens_for(review_app)
    doc = _upload(review_app, tokens["submitter"], "referral.pdf", pdf_bytes(LINES))
    response = review_app.test_client().post(
        f"/api/v1/review/{doc['id']}",
        json={"decision": "release", "draw": [draw]},
        headers=bearer(tokens["reviewer"]),
    )
    assert response.status_code == 400 and detail in response.json["error"]["detail"]
    assert service_of(review_app).store.document(doc["id"]).review_state == "pending"


def test_a_drawn_box_on_plain_text_is_refused(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    client = review_app.test_client()
    (doc_id,) = _held(review_app, tokens["submitter"])
    body = {"decision": "release", "draw": [{"page": 1, "box": BLANK, "entity_type": "PERSON"}]}
    response = client.post(f"/api/v1/review/{doc_id}", json=body, headers=bearer(tokens["admin"]))
    assert response.status_code == 400 and "no page 1" in response.json["error"]["detail"]


def _png(lines: list[str]) -> bytes:
    buf = io.BytesIO()
    text_image(lines, (1400, 80 + 70 * len(lines))).save(buf, format="PNG")
    return buf.getvalue()


def test_boxes_removed_and_drawn_on_an_image(review_app: Flask) -> None:
    lines = ["Referral for Margaret Thornton", "phone 617-555-0142", "Ward seven", ""]
    tokens = tokens_for(review_app)
    doc = _upload(review_app, tokens["submitter"], "scan.png", _png(lines))
    client, headers = review_app.test_client(), bearer(tokens["reviewer"])
    url = f"/api/v1/documents/{doc['id']}"
    shown = client.get(f"{url}/boxes", headers=headers).json
    assert shown["pages"] == [{"number": 1, "width": 1400, "height": 360, "unit": "px"}]
    text = client.get(f"{url}/text", headers=headers).json["text"]
    phone = next(b for b in shown["boxes"] if PHONE in text[b["start"] : b["end"]])
    factor = 1000 / 1400
    ward = [30 * factor, 170 * factor, 400 * factor, 225 * factor]  # line 3: "Ward seven"
    blank = [100 * factor, 260 * factor, 500 * factor, 340 * factor]  # the empty fourth line
    body = {
        "decision": "release",
        "remove": [{"start": phone["start"], "end": phone["end"]}],
        "draw": [
            {"page": 1, "box": ward, "entity_type": "LOCATION"},
            {"page": 1, "box": blank, "entity_type": "PERSON"},
        ],
    }
    released = client.post(f"/api/v1/review/{doc['id']}", json=body, headers=headers)
    assert released.status_code == 200, released.json
    assert len(released.json["regions"]) == 1
    assert "Ward" not in released.json["redacted_text"] and PHONE in released.json["redacted_text"]
    image = client.get(f"{url}/redacted-document", headers=bearer(tokens["submitter"]))
    picture = Image.open(io.BytesIO(image.get_data())).convert("L")
    assert picture.crop((110, 270, 490, 330)).getextrema()[1] < 30  # the drawn region, painted
    assert picture.getpixel((100, 195)) < 30  # the drawn word, painted
    phone_box = [v / factor for v in phone["boxes"][0]]
    inside = picture.crop(tuple(round(v) for v in phone_box))  # type: ignore[arg-type]
    low, high = inside.getextrema()
    assert low < 100 and high > 200  # the removed box: its digits there, not painted over
