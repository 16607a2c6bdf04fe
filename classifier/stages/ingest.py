"""Ingest: bytes from a file, an upload or a JSON text become a `Document` with its sha256,
a safe file name and a media type sniffed from the content (the extension only breaks ties)."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from classifier.document import Document
from classifier.errors import DocumentTooLarge

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
EMAIL = "message/rfc822"
TEXT = "text/plain"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
OLE = "application/x-ole-storage"  # legacy Office, or an encrypted (password) OOXML file
UNKNOWN = "application/octet-stream"

_EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".html": HTML,
    ".htm": HTML,
    ".eml": EMAIL,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": TEXT,
    ".csv": TEXT,
    ".log": TEXT,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".tif": TIFF,
    ".tiff": TIFF,
}
_TEXTS = (TEXT, HTML, EMAIL)
_EMAIL_HEADERS = re.compile(
    rb"^(received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|"
    rb"x-[a-z-]+|reply-to|cc):",
    re.IGNORECASE,
)
MAX_FILENAME_CHARS = 120
# bytes, UTF-8: leaves room under NAME_MAX (255) for the prefixes and suffixes outputs add
MAX_FILENAME_BYTES = 160


def _bounded(stem: str, ext: str) -> str:
    budget_chars = MAX_FILENAME_CHARS - len(ext)
    budget_bytes = MAX_FILENAME_BYTES - len(ext.encode())
    stem = stem[:budget_chars]
    while len(stem.encode()) > budget_bytes:
        stem = stem[:-1]
    return stem + ext


def safe_filename(name: str) -> str:
    """The last path component only, no control or separator characters, bounded length."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '/\\:*?"<>|')
    name = name.strip(" .")
    if len(name) > MAX_FILENAME_CHARS or len(name.encode()) > MAX_FILENAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        ext = "." + ext if dot and stem and len(ext) <= 10 else ""
        name = _bounded(stem if ext else name, ext)
    return name or "document"


def _is_docx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def sniff_media_type(content: bytes, filename: str) -> str:
    head = content[:1024]
    ext = Path(filename).suffix.lower()
    # readers accept a PDF header anywhere in the first kilobyte, but a text file may quote
    # one: away from offset 0 it counts only when the name does not say text
    if head.startswith(b"%PDF") or (b"%PDF-" in head and _EXTENSIONS.get(ext) not in _TEXTS):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return DOCX if ext == ".docx" or _is_docx(content) else UNKNOWN
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    stripped = head.lstrip().lower()
    if ext in (".html", ".htm") or stripped.startswith((b"<!doctype html", b"<html")):
        return HTML
    if ext == ".eml" or _EMAIL_HEADERS.match(head.lstrip()):
        return EMAIL
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if b"\x00" not in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return TEXT
    return UNKNOWN


def ingest_bytes(
    content: bytes,
    filename: str,
    source: str = "api",
    actor: str = "anonymous",
    max_bytes: int | None = None,
    parent_sha256: str | None = None,
    depth: int = 0,
) -> Document:
    if max_bytes is not None and len(content) > max_bytes:
        raise DocumentTooLarge(f"{len(content)} bytes is over the limit of {max_bytes}")
    name = safe_filename(filename)
    return Document(
        content=content,
        filename=name,
        media_type=sniff_media_type(content, name),
        sha256=hashlib.sha256(content).hexdigest(),
        source=source,
        actor=actor,
        parent_sha256=parent_sha256,
        depth=depth,
    )


def ingest_file(path: str | Path, source: str = "cli", max_bytes: int | None = None) -> Document:
    path = Path(path)
    if max_bytes is not None and path.stat().st_size > max_bytes:
        raise DocumentTooLarge(f"{path.stat().st_size} bytes is over the limit of {max_bytes}")
    return ingest_bytes(path.read_bytes(), path.name, source=source, max_bytes=max_bytes)


def ingest_text(text: str, name: str = "text.txt", source: str = "api") -> Document:
    """A document given as text (JSON API, batch): UTF-8 plain text."""
    content = text.encode("utf-8")
    return Document(
        content=content,
        filename=safe_filename(name),
        media_type=TEXT,
        sha256=hashlib.sha256(content).hexdigest(),
        source=source,
    )
