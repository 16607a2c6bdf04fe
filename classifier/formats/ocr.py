"""OCR with Tesseract (Debian `tesseract-ocr`, Apache-2.0), run as a subprocess.

The image goes in on stdin and the TSV comes back on stdout: nothing is written to disk, and
neither the image nor the recognised text reaches a log or an error message. Tesseract makes
no network connections; it runs with a minimal environment and one OpenMP thread.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from dataclasses import dataclass

from PIL import Image

from classifier.errors import CorruptDocument, DocumentTooLarge, UnsupportedFormat
from classifier.formats.layout import Box, Span
from classifier.formats.limits import Limits


@dataclass(frozen=True)
class Word:
    text: str
    box: Box  # pixels, origin top left
    line: tuple[int, int, int]  # (block, paragraph, line)


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def ocr_words(image: Image.Image, limits: Limits) -> list[Word]:
    """The words Tesseract reads in `image`, in reading order."""
    limits.check_deadline()  # per page or frame read
    exe = tesseract_path()
    if exe is None:
        raise UnsupportedFormat(
            "OCR needs Tesseract, which is not installed (scripts/install-system-deps.sh)"
        )
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "OMP_THREAD_LIMIT": "1",
        "LC_ALL": "C",
    }
    if "TESSDATA_PREFIX" in os.environ:
        env["TESSDATA_PREFIX"] = os.environ["TESSDATA_PREFIX"]
    timeout = limits.seconds_left(limits.ocr_timeout_s)  # OCR stops at the document's budget
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", limits.ocr_language, "--psm", "3", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        limits.check_deadline()  # the document's budget ran out: TimeBudgetExceeded
        raise DocumentTooLarge(f"OCR took longer than {limits.ocr_timeout_s} s") from None
    if proc.returncode != 0:
        raise CorruptDocument(f"OCR failed (tesseract exit status {proc.returncode})")
    words = []
    for row in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        line = (int(cols[2]), int(cols[3]), int(cols[4]))
        words.append(Word(cols[11].strip(), (left, top, left + width, top + height), line))
    return words


def words_to_text(words: list[Word], offset: int) -> tuple[str, list[Span]]:
    """Words joined by spaces, lines by newlines; one span per word (offsets from `offset`)."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = offset
    previous: tuple[int, int, int] | None = None
    for w in words:
        if previous is not None:
            sep = " " if w.line == previous else "\n"
            parts.append(sep)
            pos += 1
        spans.append(Span(pos, pos + len(w.text), w.box))
        parts.append(w.text)
        pos += len(w.text)
        previous = w.line
    return "".join(parts), spans
