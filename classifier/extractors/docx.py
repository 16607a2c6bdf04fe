"""DOCX body paragraphs and tables with python-docx (MIT licence)."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from docx.opc.exceptions import OpcError
from lxml.etree import LxmlError

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument
from classifier.zipguard import check_zip


def extract(document: Document) -> Extracted:
    try:
        with zipfile.ZipFile(io.BytesIO(document.content)) as archive:
            check_zip(archive, document.size)  # before anything is decompressed
        doc = docx.Document(io.BytesIO(document.content))
        parts = [p.text for p in doc.paragraphs]
        for table in doc.tables:
            for row in table.rows:
                parts.append("\t".join(cell.text for cell in row.cells))
        for section in doc.sections:  # headers and footers: redacted too, so detected too
            for part in (section.header, section.footer):
                if not part.is_linked_to_previous:
                    parts.extend(p.text for p in part.paragraphs if p.text.strip())
    except (
        zipfile.BadZipFile,
        OpcError,
        zlib.error,
        KeyError,
        ValueError,
        AttributeError,
        OSError,
        EOFError,
        LxmlError,
    ) as exc:
        raise CorruptDocument(f"the DOCX could not be parsed ({type(exc).__name__})") from None
    return Extracted(text="\n".join(parts))
