"""Keep document text out of the logs, whoever writes the line.

Third-party parsers (pypdf, pdfminer, PIL, python-docx, lxml, Presidio, spaCy ...) log warnings
and raise exceptions whose messages can quote the document they were reading. `install()`
wraps the process's log record factory, so every record is scrubbed as it is made, whatever
logger, handler or server (waitress, gunicorn) formats it later:

- a record from a third-party logger keeps its logger name and level; its message is withheld;
- an exception attached to a record (`log.exception`, `exc_info=`), or passed as an argument,
  is reduced to its class name and traceback frames, unless it is one of our own
  `ClassifierError`s, whose messages never hold content by design.

Installed once per process by `classifier.bootstrap`; calling `install()` again does nothing.
"""

from __future__ import annotations

import logging
import threading
import traceback
from types import TracebackType
from typing import Any

from classifier.errors import ClassifierError

THIRD_PARTY = (
    "PIL",
    "charset_normalizer",
    "docx",
    "email",
    "lxml",
    "onnxruntime",
    "pdfminer",
    "presidio-analyzer",
    "presidio-anonymizer",
    "presidio_analyzer",
    "presidio_anonymizer",
    "py.warnings",
    "pypdf",
    "pypdfium2",
    "spacy",
    "tokenizers",
)
WITHHELD = "[message withheld: a document parser's message may quote the document]"

_lock = threading.Lock()
_installed = False


def is_third_party(logger_name: str) -> bool:
    return any(logger_name == p or logger_name.startswith(p + ".") for p in THIRD_PARTY)


def _safe(exc: BaseException) -> bool:
    return isinstance(exc, ClassifierError)


def describe(exc: BaseException, tb: TracebackType | None) -> str:
    """The traceback with the exception's class name in place of its message."""
    frames = "".join(traceback.format_tb(tb)) if tb is not None else ""
    return f"Traceback (most recent call last):\n{frames}{type(exc).__qualname__}: [withheld]"


def _scrub_args(args: Any) -> Any:
    if isinstance(args, tuple):
        return tuple(
            type(a).__name__ if isinstance(a, BaseException) and not _safe(a) else a for a in args
        )
    return args


def scrub(record: logging.LogRecord) -> logging.LogRecord:
    """The record with third-party messages and exception messages taken out."""
    if is_third_party(record.name):
        record.msg, record.args = WITHHELD, ()
    else:
        record.msg = _scrub_args((record.msg,))[0]  # `log.error(exc)`
        record.args = _scrub_args(record.args)
    if record.exc_info and record.exc_info[1] is not None and not _safe(record.exc_info[1]):
        record.exc_text = describe(record.exc_info[1], record.exc_info[2])
        record.exc_info = None
    return record


def install() -> None:
    """Scrub every log record this process makes from now on (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        make = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return scrub(make(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _installed = True


def is_installed() -> bool:
    return _installed
