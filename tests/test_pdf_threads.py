"""PDFium is not thread-safe: reading and rendering PDFs from many threads at once (the web
service's request and job threads; a page view asks for the original and the redacted page
together) must neither crash the process nor mix up pages."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from classifier.document import Document
from classifier.formats import pdf
from classifier.formats.limits import DEFAULT_LIMITS
from classifier.formats.pages import page_png
from tests.documents import pdf_bytes


def _work(n: int) -> tuple[str, bytes]:
    content = pdf_bytes([f"Page text number {n}", "Patient John Smith, MRN 4455667"])
    text = pdf.extract(Document(content, "a.pdf", "application/pdf", "0" * 64)).text
    picture = page_png(
        content, "application/pdf", 1, DEFAULT_LIMITS, [([72, 700, 200, 720], "PERSON")]
    )
    return text, picture


def test_many_threads_read_and_render_pdfs_at_once() -> None:
    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(_work, range(250)))
    for n, (text, picture) in enumerate(results):
        assert f"Page text number {n}" in text
        assert picture.startswith(b"\x89PNG")
