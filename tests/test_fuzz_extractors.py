"""Bad input, fuzzed with hypothesis: malformed PDF, DOCX, EML and image files, hostile file
names, uploads over the size limit. Whatever comes in ends processed or quarantined with a
reason (and a reason file), with exactly one audit record, and the service keeps serving."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from classifier.audit.log import read_records
from classifier.document import Quarantined, Result
from classifier.pipeline import OUTCOME_EVENTS, Pipeline
from classifier.stages.ingest import safe_filename
from tests.documents import CLINICAL_NOTE, docx_bytes, eml_bytes, pdf_bytes
from tests.web_fixtures import service_of, tokens_for, web_settings  # noqa: F401
from web import create_app

# Pillow warns about the corrupt images it is fed here; the pipeline quarantines them.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:PIL.*")
FUZZ = settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LINES = CLINICAL_NOTE.splitlines()[:6]
PDF = pdf_bytes(LINES)
DOCX = docx_bytes(LINES)
EML = eml_bytes("\n".join(LINES), attachments={"scan.pdf": PDF})
IMAGE_HEADERS = [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    b"GIF89a\x01\x00\x01\x00",
    b"II*\x00\x08\x00\x00\x00",
]

# (operation, position, bytes): applied in order to a valid document
Edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "cut", "insert", "drop"]),
        st.integers(0, 1 << 30),
        st.binary(min_size=1, max_size=24),
    ),
    min_size=1,
    max_size=5,
)


def mutate(content: bytes, edits: list[tuple[str, int, bytes]]) -> bytes:
    data = bytearray(content)
    for op, pos, blob in edits:
        i = pos % (len(data) + 1)
        if op == "flip" and data:
            for k, b in enumerate(blob):
                data[(i + k) % len(data)] ^= b or 0xFF
        elif op == "cut":
            del data[i:]
        elif op == "insert":
            data[i:i] = blob
        else:
            del data[i : i + len(blob) * 64]
    return bytes(data)


def accounted_for(pipeline: Pipeline, outcome: Result | Quarantined) -> None:
    """Exactly one audit record for this document; a quarantine has a reason and its file."""
    records = [
        r
        for r in read_records(pipeline.audit.directory)
        if r.get("document_id") == outcome.id and r["event"] in OUTCOME_EVENTS
    ]
    assert len(records) == 1, records
    if isinstance(outcome, Quarantined):
        assert outcome.reason and records[0]["event"] == "document.quarantined"
        assert records[0]["reason"] == outcome.reason
        stored = pipeline.quarantine_dir / f"{outcome.sha256[:16]}-{outcome.filename}"
        assert stored.is_file() and Path(f"{stored}.reason.json").is_file()
    else:
        assert records[0]["event"] == "document.processed"


@FUZZ
@given(edits=Edits)
def test_malformed_pdf(pipeline: Pipeline, edits: list[tuple[str, int, bytes]]) -> None:
    outcome = pipeline.process_bytes(mutate(PDF, edits), "fuzz.pdf", source="api")
    accounted_for(pipeline, outcome)


@FUZZ
@given(edits=Edits)
def test_malformed_docx(pipeline: Pipeline, edits: list[tuple[str, int, bytes]]) -> None:
    outcome = pipeline.process_bytes(mutate(DOCX, edits), "fuzz.docx", source="api")
    accounted_for(pipeline, outcome)


@FUZZ
@given(
    members=st.dictionaries(
        st.sampled_from(
            [
                "word/document.xml",
                "[Content_Types].xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
                "word/styles.xml",
                "../../evil.xml",
            ]
        ),
        st.one_of(
            st.binary(max_size=200),
            st.text(max_size=200).map(lambda t: f"<w:document>{t}</w:document>".encode()),
        ),
        min_size=1,
    )
)
def test_docx_with_hostile_parts(pipeline: Pipeline, members: dict[str, bytes]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    outcome = pipeline.process_bytes(buf.getvalue(), "parts.docx", source="api")
    accounted_for(pipeline, outcome)


@FUZZ
@given(edits=Edits)
def test_malformed_eml(pipeline: Pipeline, edits: list[tuple[str, int, bytes]]) -> None:
    outcome = pipeline.process_bytes(mutate(EML, edits), "fuzz.eml", source="api")
    accounted_for(pipeline, outcome)


@FUZZ
@given(
    headers=st.lists(
        st.tuples(
            st.sampled_from(["From", "To", "Subject", "Content-Type", "Content-Transfer-Encoding"]),
            st.text(max_size=60),
        ),
        max_size=6,
    ),
    body=st.binary(max_size=400),
    boundary=st.text(max_size=20),
)
def test_eml_with_hostile_mime(
    pipeline: Pipeline, headers: list[tuple[str, str]], body: bytes, boundary: str
) -> None:
    head = "".join(f"{k}: {v}\r\n" for k, v in headers).encode("utf-8", "surrogateescape")
    mime = f'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{boundary}"\r\n'
    content = head + mime.encode("utf-8", "surrogateescape") + b"\r\n--" + body
    outcome = pipeline.process_bytes(content, "mime.eml", source="api")
    accounted_for(pipeline, outcome)


@FUZZ
@given(header=st.sampled_from(IMAGE_HEADERS), tail=st.binary(max_size=300))
def test_images_are_quarantined(pipeline: Pipeline, header: bytes, tail: bytes) -> None:
    outcome = pipeline.process_bytes(header + tail, "scan.png", source="api")
    assert isinstance(outcome, Quarantined)
    assert outcome.reason in ("unsupported format", "no text extracted", "corrupt document")
    accounted_for(pipeline, outcome)


HOSTILE_NAMES = [
    "../../../etc/passwd",
    "..\\..\\windows\\system32\\config.sys",
    "/absolute/path/report.pdf",
    "C:\\Users\\x\\report.pdf",
    "nul\x00byte.pdf",
    "line\nbreak\r.pdf",
    "\u202egpj.exe.pdf",
    "....",
    "",
    " ",
    "CON",
    "a" * 1000 + ".pdf",
]


@FUZZ
@given(name=st.one_of(st.sampled_from(HOSTILE_NAMES), st.text(max_size=150)))
def test_hostile_file_names(pipeline: Pipeline, name: str) -> None:
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe and len(safe) <= 120
    assert not any(ord(c) < 32 for c in safe) and safe not in (".", "..")
    for content in (CLINICAL_NOTE.encode(), b"%PDF-1.7 truncated"):
        outcome = pipeline.process_bytes(content, name, source="api")
        assert outcome.filename == safe
        accounted_for(pipeline, outcome)
    stored = list(pipeline.quarantine_dir.iterdir())
    assert all(p.resolve().parent == pipeline.quarantine_dir.resolve() for p in stored)


def test_long_multibyte_name_is_quarantined(pipeline: Pipeline) -> None:
    outcome = pipeline.process_bytes(b"%PDF-1.7 truncated", "😀" * 119 + ".pdf", source="api")
    accounted_for(pipeline, outcome)


def test_uploads_over_the_limit_and_the_service_keeps_serving(
    pipeline: Pipeline,
    web_settings: dict,  # type: ignore[type-arg]  # noqa: F811
) -> None:
    limited = pipeline.replace(max_document_bytes=20_000)
    app = create_app({**web_settings, "max_document_bytes": 20_000}, pipeline=limited)
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens_for(app)['submitter']}"

    def upload(content: bytes, name: str = "big.txt"):  # type: ignore[no-untyped-def]
        return client.post(
            "/api/v1/documents",
            data={"file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
        )

    over = upload(CLINICAL_NOTE.encode() * 30)  # over the document limit, under the form limit
    assert over.status_code == 413 and over.json["error"]["reason"] == "document too large"
    (record,) = [
        r
        for r in read_records(pipeline.audit.directory)
        if r.get("document_id") == over.json["id"] and r["event"] != "document.received"
    ]
    assert (record["event"], record["reason"]) == ("document.quarantined", "document too large")
    assert upload(b"x" * 200_000).status_code == 413  # refused by the form limit, unread
    ok = upload(CLINICAL_NOTE.encode(), "note.txt")
    assert ok.status_code == 200 and ok.json["status"] == "processed"
    assert client.get("/healthz").status_code == 200
    service_of(app).close()
