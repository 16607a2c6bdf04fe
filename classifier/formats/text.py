"""Plain text: strict UTF-8 first (so offsets index exactly what was sent), otherwise the
encoding charset-normalizer detects."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument
from classifier.formats.limits import DEFAULT_LIMITS, Limits

NUL_SHARE = 0.4  # of the even (or odd) bytes: UTF-16 without its byte-order mark


def utf16_without_bom(content: bytes) -> str | None:
    """UTF-16 text without a BOM (mostly Latin: every other byte NUL), which is valid UTF-8
    too, decoded as UTF-16; None otherwise. A red-team file in UTF-16BE without a BOM was read
    as NUL-interleaved UTF-8, and its e-mail address went through unredacted."""
    sample = content[:4096]
    if len(sample) < 4 or len(content) % 2:
        return None
    even, odd = sample[0::2].count(0) / (len(sample) / 2), sample[1::2].count(0) / (len(sample) / 2)
    codec = "utf-16-be" if even > NUL_SHARE > odd else "utf-16-le" if odd > NUL_SHARE > even else ""
    if not codec:
        return None
    try:
        return content.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_text(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", "replace")  # its BOM says which
    wide = utf16_without_bom(content)
    if wide is not None:
        return wide
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None:
        raise CorruptDocument("text encoding could not be detected (binary content?)")
    return str(best)


def extract(document: Document, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    return Extracted(text=decode_text(document.content))
