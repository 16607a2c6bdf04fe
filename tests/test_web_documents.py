# ruff: noqa: F811  (pytest fixtures imported from tests/web_fixtures.py)
"""The web product's document API against the real app and SQLite store: the redacted
document in its own format (per format, per role, audited), the documents list (search,
filters, paging, own documents only for submitters) and a document's history."""

from __future__ import annotations

import email
import email.policy
import io
import zipfile

import pytest
from flask import Flask
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader

from classifier.audit.log import read_records
from classifier.security.access import ROLES
from classifier.stages import extract, ingest
from tests.documents import CLINICAL_NOTE, PLANTED, docx_bytes, eml_bytes, pdf_bytes
from tests.web_fixtures import (  # noqa: F401
    app,
    bearer,
    review_app,
    service_of,
    tokens,
    tokens_for,
    web_settings,
)

LINES = CLINICAL_NOTE.splitlines()


def png_bytes() -> bytes:
    image = Image.new("L", (1700, 80 + 60 * len(LINES)), 255)
    font = ImageFont.load_default(size=30)
    for i, line in enumerate(LINES):
        ImageDraw.Draw(image).text((40, 40 + 60 * i), line, fill=0, font=font)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def html_bytes() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in LINES)
    return f"<!doctype html><html><body>{body}</body></html>".encode()


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def _eml_text(data: bytes) -> str:
    message = email.message_from_bytes(data, policy=email.policy.default)
    return str(message)


def _png_ocr(data: bytes) -> str:
    """What OCR reads in the redacted scan (the values are painted over)."""
    assert Image.open(io.BytesIO(data)).format == "PNG"
    return extract.extract(ingest.ingest_bytes(data, "again.png")).text


# name, content, media type of the download, how to read its text
FORMATS = [
    ("note.pdf", pdf_bytes(LINES), "application/pdf", _pdf_text),
    ("note.docx", docx_bytes(LINES), "wordprocessingml", _docx_text),
    ("note.html", html_bytes(), "text/html", lambda d: d.decode()),
    ("note.eml", eml_bytes(CLINICAL_NOTE), "message/rfc822", _eml_text),
    ("scan.png", png_bytes(), "image/png", _png_ocr),
]


def _upload(app: Flask, token: str, name: str, content: bytes) -> dict:  # type: ignore[type-arg]
    response = app.test_client().post(
        "/api/v1/documents",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
        headers=bearer(token),
    )
    assert response.status_code == 200, response.json
    return response.json  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "content", "media", "read"), FORMATS, ids=[f[0] for f in FORMATS])
def test_redacted_document_in_its_own_format(
    app: Flask, tokens: dict[str, str], name: str, content: bytes, media: str, read
) -> None:  # type: ignore[no-untyped-def]
    doc = _upload(app, tokens["submitter"], name, content)
    client = app.test_client()
    downloads = set()
    for role in ROLES:  # the submitter owns it; every other role may read all documents
        response = client.get(doc["links"]["redacted_document"], headers=bearer(tokens[role]))
        assert response.status_code == 200, (role, response.get_data()[:200])
        assert media in response.headers["Content-Type"]
        stem, ext = name.rsplit(".", 1)
        assert f"{stem}.redacted.{ext}" in response.headers["Content-Disposition"]
        downloads.add(response.get_data())
    (data,) = downloads
    text = read(data)
    assert data != content and "appendicitis" in text.lower()
    assert all(v not in text for v in PLANTED)
    reads = [
        r
        for r in read_records(service_of(app).settings.audit_dir)
        if r["event"] == "document.read" and r["document_id"] == doc["id"]
    ]
    assert [r["what"] for r in reads].count("redacted_file") == len(ROLES)
    assert {r["role"] for r in reads if r["what"] == "redacted_file"} == set(ROLES)


def test_plain_text_downloads_as_redacted_text(app: Flask, tokens: dict[str, str]) -> None:
    doc = _upload(app, tokens["submitter"], "note.txt", CLINICAL_NOTE.encode())
    response = app.test_client().get(
        doc["links"]["redacted_document"], headers=bearer(tokens["submitter"])
    )
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "note.redacted.txt" in response.headers["Content-Disposition"]
    assert "[PERSON]" in response.get_data(as_text=True)


def test_held_pdf_released_then_downloads_as_pdf(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    doc = _upload(review_app, tokens["submitter"], "held.pdf", pdf_bytes(LINES))
    client = review_app.test_client()
    url = doc["links"]["redacted_document"]
    assert client.get(url, headers=bearer(tokens["submitter"])).status_code == 409
    released = client.post(
        f"/api/v1/review/{doc['id']}",
        json={"decision": "release"},
        headers=bearer(tokens["reviewer"]),
    )
    assert released.status_code == 200, released.json
    response = client.get(url, headers=bearer(tokens["submitter"]))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _pdf_text(response.get_data())
    assert "appendicitis" in text and all(v not in text for v in PLANTED)


def test_other_submitters_document_is_not_found(app: Flask, tokens: dict[str, str]) -> None:
    doc = _upload(app, tokens["admin"], "note.pdf", pdf_bytes(LINES))
    client = app.test_client()
    for path in ("redacted_document", "history"):
        url = doc["links"][path]
        assert client.get(url, headers=bearer(tokens["submitter"])).status_code == 404


# the documents list ---------------------------------------------------------------------
@pytest.fixture
def listed(app: Flask, tokens: dict[str, str]) -> dict[str, dict]:  # type: ignore[type-arg]
    """Five documents: three of the submitter's, two of the admin's."""
    docs = {}
    for i, owner in enumerate(("submitter", "submitter", "submitter", "admin", "admin")):
        name = f"letter-{i}.txt" if i != 2 else "Contract_2024.txt"
        text = CLINICAL_NOTE if i != 2 else "Master services agreement between two companies."
        docs[name] = _upload(app, tokens[owner], name, text.encode())
    return docs


def _list(app: Flask, token: str, query: str = "") -> dict:  # type: ignore[type-arg]
    response = app.test_client().get(f"/api/v1/documents?{query}", headers=bearer(token))
    assert response.status_code == 200, response.json
    return response.json  # type: ignore[no-any-return]


def test_list_search_and_own_documents(app: Flask, tokens: dict[str, str], listed) -> None:  # type: ignore[no-untyped-def]
    mine = _list(app, tokens["submitter"])
    assert mine["total"] == 3 and all(d["filename"] != "letter-3.txt" for d in mine["documents"])
    assert _list(app, tokens["reviewer"])["total"] == 5
    assert _list(app, tokens["auditor"], "q=contract")["total"] == 1  # file name, any case
    doc = listed["letter-3.txt"]
    assert _list(app, tokens["reviewer"], f"q={doc['id'][:8]}")["documents"][0]["id"] == doc["id"]
    by_hash = _list(app, tokens["reviewer"], f"q={doc['sha256'][:12]}")["documents"]
    assert {d["sha256"] for d in by_hash} == {doc["sha256"]}
    assert _list(app, tokens["submitter"], f"q={doc['id'][:8]}")["total"] == 0  # not theirs
    assert _list(app, tokens["reviewer"], "q=100%25")["total"] == 0  # % is no wildcard


def test_list_filters_and_paging(app: Flask, tokens: dict[str, str], listed) -> None:  # type: ignore[no-untyped-def]
    reviewer = tokens["reviewer"]
    clinical = listed["letter-0.txt"]["label"]
    assert _list(app, reviewer, f"label={clinical}")["total"] == 4
    admins = {d["submitter"] for d in _list(app, tokens["admin"])["documents"]} - {
        d["submitter"] for d in _list(app, tokens["submitter"])["documents"]
    }
    (admin,) = admins
    assert admin.startswith("token:") and admin.endswith("-test-admin")
    assert _list(app, reviewer, f"submitter={admin}")["total"] == 2
    assert _list(app, reviewer, "source=api&status=processed")["total"] == 5
    assert _list(app, reviewer, "action=block")["total"] == 0
    assert _list(app, reviewer, "since=2000-01-01&until=2999-12-31")["total"] == 5
    assert _list(app, reviewer, "until=2000-01-01")["total"] == 0
    first = _list(app, reviewer, "per_page=2&sort=oldest")
    second = _list(app, reviewer, "per_page=2&sort=oldest&page=2")
    third = _list(app, reviewer, "per_page=2&sort=oldest&page=3")
    ids = [d["id"] for page in (first, second, third) for d in page["documents"]]
    assert len(ids) == len(set(ids)) == 5 and first["total"] == 5
    assert ids[0] == listed["letter-0.txt"]["id"]
    names = [d["filename"] for d in _list(app, reviewer, "sort=name")["documents"]]
    assert names == sorted(names, key=str.lower)


@pytest.mark.parametrize(
    "query", ["colour=red", "page=0", "per_page=x", "sort=sideways", "since=yesterday"]
)
def test_list_refuses_bad_queries(app: Flask, tokens: dict[str, str], query: str) -> None:
    response = app.test_client().get(
        f"/api/v1/documents?{query}", headers=bearer(tokens["reviewer"])
    )
    assert response.status_code == 400


# history ----------------------------------------------------------------------------------
def test_history_from_the_audit_trail(review_app: Flask) -> None:
    tokens = tokens_for(review_app)
    doc = _upload(review_app, tokens["submitter"], "note.txt", CLINICAL_NOTE.encode())
    client = review_app.test_client()
    client.post(
        f"/api/v1/review/{doc['id']}",
        json={"decision": "release"},
        headers=bearer(tokens["reviewer"]),
    )
    client.get(doc["links"]["redacted_document"], headers=bearer(tokens["submitter"]))
    response = client.get(doc["links"]["history"], headers=bearer(tokens["submitter"]))
    assert response.status_code == 200
    events = response.json["events"]
    whats = [e["what"] for e in events]
    assert whats[:3] == ["received", "classified", "held for review"]
    assert "released" in whats and "downloaded (redacted file)" in whats
    released = next(e for e in events if e["what"] == "released")
    assert released["actor"].endswith("-test-reviewer")
    assert events[0]["actor"].endswith("-test-submitter") and events[0]["time"].endswith("Z")
    assert all(v not in str(events) for v in PLANTED)


def test_pages_list_and_document_with_history(app: Flask) -> None:
    from classifier.security.access import create_user

    create_user(service_of(app).store, "sam", "a long enough password", "submitter")
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(user="sam", role="submitter", csrf="t")
    doc = client.post(
        "/api/v1/documents", json={"text": CLINICAL_NOTE}, headers={"X-CSRF-Token": "t"}
    ).json
    listing = client.get("/documents?q=" + doc["id"][:10]).get_data(as_text=True)
    assert f'data-id="{doc["id"]}"' in listing and "1 document(s)" in listing
    page = client.get(f"/documents/{doc['id']}").get_data(as_text=True)
    assert 'data-event="document.received"' in page and "user:sam" in page
    assert "redacted-document" in page and "/original" not in page  # no originals for sam
    assert all(v not in page for v in PLANTED)
    refused = client.get("/audit", headers={"Accept": "text/html"})
    assert refused.status_code == 403 and refused.mimetype == "text/html"
    assert "Log out" in refused.get_data(as_text=True)  # navigation and logout, not raw JSON


def test_page_view_original_with_boxes_and_redacted(app: Flask, tokens: dict[str, str]) -> None:
    doc = _upload(app, tokens["submitter"], "note.pdf", pdf_bytes(LINES))
    client, headers = app.test_client(), bearer(tokens["reviewer"])
    assert client.get(f"/api/v1/documents/{doc['id']}/text", headers=headers).json["pages"] == 1
    pictures = {}
    for view in ("original", "redacted"):
        url = f"/api/v1/documents/{doc['id']}/pages/1?view={view}"
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and response.mimetype == "image/png"
        pictures[view] = Image.open(io.BytesIO(response.get_data())).convert("RGB")
        assert pictures[view].width == 1000
    (first,) = [loc for loc in doc["locations"][:1]]
    x0, y0, x1, y1 = first["boxes"][0]
    scale = 1000 / 612  # a letter page is 612 points wide
    top = 792 * scale
    outline = (round(x0 * scale) - 2, round(top - y1 * scale) - 2)
    assert pictures["original"].getpixel(outline) == (176, 0, 32)  # the box, outlined
    middle = (round((x0 + x1) / 2 * scale), round(top - (y0 + y1) / 2 * scale))
    assert sum(pictures["redacted"].getpixel(middle)) < 120  # painted over in the redacted PDF
    assert client.get(url.replace("/1?", "/2?"), headers=headers).status_code == 404
    assert client.get(url, headers=bearer(tokens["submitter"])).status_code == 403
    reads = [
        r["what"]
        for r in read_records(service_of(app).settings.audit_dir)
        if r["event"] == "document.read" and r["document_id"] == doc["id"]
    ]
    assert {"page_original", "page_redacted"} <= set(reads)


def test_a_box_drawn_on_the_page_becomes_a_span(app: Flask, tokens: dict[str, str]) -> None:
    doc = _upload(app, tokens["submitter"], "note.pdf", pdf_bytes(LINES))
    client, headers = app.test_client(), bearer(tokens["reviewer"])
    text = client.get(f"/api/v1/documents/{doc['id']}/text", headers=headers).json["text"]
    scale, top = 1000 / 612, 792  # pixels per point; a letter page's height in points
    y = 740 - 16 * 1  # the baseline of the second line (pdf_bytes writes 16 points apart)
    box = [72 * scale, (top - y - 10) * scale, 250 * scale, (top - y + 2) * scale]
    url = f"/api/v1/documents/{doc['id']}/pages/1/span?box=" + ",".join(f"{v:.0f}" for v in box)
    span = client.get(url, headers=headers).json
    assert span["text"] == text[span["start"] : span["end"]]
    assert span["text"].startswith("POSTOPERATIVE")
    empty = url.split("box=")[0] + "box=0,0,5,5"
    assert client.get(empty, headers=headers).status_code == 404
    assert client.get(url.split("box=")[0] + "box=1,2", headers=headers).status_code == 400
