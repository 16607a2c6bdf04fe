"""A parser that fails unexpectedly, registered in the formats registry like a real one: the
fault the lifecycle tests inject. Its exception message quotes the document, as third-party
parsers' messages do, so the tests can show the message never reaches a log, an answer or the
audit trail."""

from __future__ import annotations

from collections.abc import Callable

from classifier.document import Document, Extracted
from classifier.formats import Extractor
from classifier.formats.limits import Limits
from classifier.stages import ingest

TRIGGER = "EXPLODE-7f3a"  # a document holding this makes the parser raise
CANARY = "Zebulon Quatermain"  # document text that must never leave the document
FAILING_HTML = f"<html><body><p>{TRIGGER} patient {CANARY}</p></body></html>".encode()
FAILING_TEXT = f"{TRIGGER}: referral for {CANARY}, cardiology clinic."
# the subprocess tests run the real CLI with this registry (python -c SCRIPT ARGS...)
CLI_SCRIPT = """
import sys
from classifier import formats
from tests.failing_format import failing_registry
formats._extractors = failing_registry(formats._extractors)
from classifier.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _failing(extract: Extractor, trigger: str | None) -> Extractor:
    def run(document: Document, limits: Limits) -> Extracted:
        if trigger is None or trigger.encode() in document.content:
            raise RuntimeError(f"parser choked near {document.content[:120]!r}")
        return extract(document, limits)

    return run


def failing_registry(
    registry: Callable[[], dict[str, Extractor]], trigger: str | None = TRIGGER
) -> Callable[[], dict[str, Extractor]]:
    """`registry` with the text and HTML parsers failing on documents holding `trigger`
    (every document, with None)."""

    def extractors() -> dict[str, Extractor]:
        return {
            media_type: _failing(extract, trigger)
            if media_type in (ingest.TEXT, ingest.HTML)
            else extract
            for media_type, extract in registry().items()
        }

    return extractors
