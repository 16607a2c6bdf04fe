"""Uploads built to exhaust the machine: each ends processed within its bounds or
quarantined with a reason, quickly and with bounded memory, and is audited."""

from __future__ import annotations

import io
import resource
import struct
import time
import zipfile
import zlib
from collections.abc import Callable
from typing import TypeVar

import pytest

from classifier.detection.analyzer import WINDOW_CHARS, windows
from classifier.document import Document, Quarantined, Result
from classifier.errors import DocumentTooLarge, NestingTooDeep, TimeBudgetExceeded
from classifier.formats.limits import Limits
from classifier.formats.zipguard import read_members
from classifier.pipeline import Pipeline
from classifier.stages import extract, ingest
from tests.documents import pdf_bytes
from tests.hostile_email import nested_attachments, nested_messages

T = TypeVar("T")


def measured(work: Callable[[], T]) -> tuple[T, float, float]:
    """(result, seconds, MiB the process's peak resident memory grew by)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = work()
    seconds = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
    return result, seconds, grown


def chain(outcome: Result | Quarantined) -> list[Result | Quarantined]:
    """The outcome and the first attachment of each level below it."""
    levels = [outcome]
    while isinstance(levels[-1], Result) and levels[-1].children:
        levels.append(levels[-1].children[0])
    return levels


# nested e-mail -----------------------------------------------------------------------------
def test_fifty_nested_attachments_stop_at_the_depth_limit(pipeline: Pipeline) -> None:
    content = nested_attachments(50)
    assert len(content) < 20_000
    outcome, seconds, grown = measured(lambda: pipeline.process_bytes(content, "n.eml", "test"))
    levels = chain(outcome)
    depth = pipeline.limits.max_attachment_depth
    assert [isinstance(r, Result) for r in levels] == [True] * depth + [False]
    deepest = levels[-1]
    assert isinstance(deepest, Quarantined) and deepest.reason == NestingTooDeep.reason
    assert isinstance(outcome, Result) and outcome.redacted_content is not None
    assert len(outcome.redacted_content) < 20 * len(content)
    assert seconds < 60 and grown < 300


def test_fifty_nested_messages_are_quarantined_not_failed(pipeline: Pipeline) -> None:
    content = nested_messages(50)
    outcome, seconds, _ = measured(lambda: pipeline.process_bytes(content, "m.eml", "test"))
    assert isinstance(outcome, Quarantined) and outcome.reason == NestingTooDeep.reason
    assert seconds < 30


def test_messages_nested_within_the_limit_are_read() -> None:
    text = extract.extract(ingest.ingest_bytes(nested_messages(3), "m.eml")).text
    assert "Margaret Thornton" in text


def test_a_smaller_depth_limit_applies() -> None:
    shallow = Limits(max_attachment_depth=1)
    document = ingest.ingest_bytes(nested_messages(2), "m.eml")
    with pytest.raises(NestingTooDeep):
        extract.extract(document, shallow)


# zip bombs ---------------------------------------------------------------------------------
def lying_zip(real_bytes: int, declared: int) -> bytes:
    """A DOCX-like zip whose bomb member declares `declared` bytes but inflates to
    `real_bytes` (both the local header and the central directory lie)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b'<w:document xmlns:w="urn:w"/>')
        z.writestr("word/bomb.xml", b"\0" * real_bytes)
    data = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/bomb.xml")
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header
    central = data.rfind(b"PK\x01\x02")  # the last central record is the bomb's
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def test_declared_sizes_are_not_trusted() -> None:
    content = lying_zip(300 * 1024 * 1024, declared=1000)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        assert sum(i.file_size for i in z.infolist()) < 2000  # what a header check sees
    document = ingest.ingest_bytes(content, "bomb.docx")
    outcome, seconds, grown = measured(lambda: _refused(document))
    assert outcome and seconds < 10 and grown < 100


def _refused(document: Document) -> bool:
    try:
        extract.extract(document)
    except DocumentTooLarge:
        return True
    except Exception as exc:  # the truncated member fails its CRC: refused as corrupt
        return type(exc).__name__ == "CorruptDocument"
    return False


def test_decompressed_bytes_are_counted_while_reading() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (3 * 1024 * 1024))
    limits = Limits(max_uncompressed_bytes=1024 * 1024, max_compression_ratio=10**6)
    with pytest.raises(DocumentTooLarge, match="counted while reading"):
        read_members(buf.getvalue(), limits)
    with pytest.raises(DocumentTooLarge, match="compression ratio"):
        read_members(buf.getvalue(), Limits())


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_a_member_of_another_compression_is_refused_before_it_is_read(method: int) -> None:
    """bzip2 and lzma inflate a whole block per read: 256 MB of zeros from a few KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        z.writestr("word/document.xml", b"\0" * (256 * 1024 * 1024))
    assert len(buf.getvalue()) < 200_000
    document = ingest.ingest_bytes(buf.getvalue(), "bomb.docx")
    outcome, seconds, grown = measured(lambda: _refused(document))
    assert outcome and seconds < 10 and grown < 100


def flate_bomb_pdf(inflated_mb: int) -> bytes:
    """A PDF of one content stream that inflates to `inflated_mb` MiB of zeros."""
    deflater = zlib.compressobj()
    zeros = b"\0" * (1024 * 1024)
    stream = b"".join(deflater.compress(zeros) for _ in range(inflated_mb)) + deflater.flush()
    head = b"%PDF-1.4\n1 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>"
    head += b"stream\n"
    return head + stream + b"\nendstream\nendobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_a_pdf_stream_that_inflates_past_the_limit_is_refused_unread(pipeline: Pipeline) -> None:
    content = flate_bomb_pdf(300)
    assert len(content) < 1024 * 1024
    outcome, seconds, grown = measured(lambda: pipeline.process_bytes(content, "bomb.pdf", "test"))
    assert isinstance(outcome, Quarantined) and outcome.reason == DocumentTooLarge.reason
    assert seconds < 10 and grown < 100


def test_a_lying_bomb_is_quarantined_by_the_pipeline(pipeline: Pipeline) -> None:
    outcome = pipeline.process_bytes(lying_zip(50 * 1024 * 1024, 1000), "bomb.docx", "test")
    assert isinstance(outcome, Quarantined)
    assert outcome.reason in (DocumentTooLarge.reason, "corrupt document")


# time budget -------------------------------------------------------------------------------
def test_a_document_over_its_time_budget_is_quarantined(pipeline: Pipeline) -> None:
    hurried = pipeline.replace(limits=Limits(max_document_seconds=0))
    outcome = hurried.process_text("Patient Margaret Thornton was seen today.")
    assert isinstance(outcome, Quarantined) and outcome.reason == TimeBudgetExceeded.reason
    assert isinstance(pipeline.process_text("Patient seen today."), Result)


def test_a_long_pdf_checks_its_deadline_per_page() -> None:
    document = ingest.ingest_bytes(pdf_bytes(["page"]), "one.pdf")
    with pytest.raises(TimeBudgetExceeded):
        extract.extract(document, Limits(max_document_seconds=0).started_now())
    assert extract.extract(document, Limits().started_now()).text.strip() == "page"


def test_a_redacted_document_over_the_output_limit_is_quarantined(pipeline: Pipeline) -> None:
    page = b"<html><body><p>Patient seen today; plan unchanged.</p></body></html>"
    small = pipeline.replace(limits=Limits(max_output_bytes=len(page) // 2))
    outcome = small.process_bytes(page, "page.html", "test")
    assert isinstance(outcome, Quarantined) and outcome.reason == DocumentTooLarge.reason
    assert "redacted document" in outcome.detail
    assert isinstance(pipeline.process_bytes(page, "page.html", "test"), Result)


def test_detection_checks_the_deadline_before_each_window(pipeline: Pipeline) -> None:
    """A long text is not detected to its end once its budget is spent: the detector asks
    before each window."""
    text = "the meeting went well " * (3 * WINDOW_CHARS // 22)
    asked: list[int] = []

    def check() -> None:
        asked.append(len(asked))
        if len(asked) == 2:
            raise TimeBudgetExceeded("over budget")

    with pytest.raises(TimeBudgetExceeded):
        pipeline.detector.report(text, check_deadline=check)
    assert asked == [0, 1] and len(windows(text)) > 2
