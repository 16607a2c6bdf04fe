"""PDF text layer with pypdf (BSD licence)."""

from __future__ import annotations

import io
import logging
import zlib

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument, EncryptedDocument

PAGE_SEPARATOR = "\n\n"

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings can quote content


def extract(document: Document) -> Extracted:
    try:
        reader = PdfReader(io.BytesIO(document.content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocument("the PDF is password-protected")
        pages = [page.extract_text() or "" for page in reader.pages]
    except EncryptedDocument:
        raise
    except FileNotDecryptedError:
        raise EncryptedDocument("the PDF is password-protected") from None
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
        OSError,
        EOFError,
        zlib.error,
        AssertionError,
    ) as exc:
        raise CorruptDocument(f"the PDF could not be parsed ({type(exc).__name__})") from None
    return Extracted(text=PAGE_SEPARATOR.join(pages), pages=len(pages))
