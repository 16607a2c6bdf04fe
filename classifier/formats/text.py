"""Plain text: strict UTF-8 first (so offsets index exactly what was sent), otherwise the
encoding charset-normalizer detects."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument
from classifier.formats.limits import DEFAULT_LIMITS, Limits


def decode_text(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        content = content[len(codecs.BOM_UTF8) :]
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
