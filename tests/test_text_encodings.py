"""Plain text in the encodings a records system sends: each decoded to the same text."""

from __future__ import annotations

import codecs

import pytest

from classifier.formats.text import decode_text

TEXT = "Patient Zelda Quorvinsky, mail zelda.q@example.org, Größe 1,70 m"


@pytest.mark.parametrize(
    "content",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with its BOM
        TEXT.encode("utf-16-be"),  # without one: valid UTF-8 too, NUL-interleaved
        TEXT.encode("utf-16-le"),
    ],
)
def test_decoded_whole(content: bytes) -> None:
    assert decode_text(content) == TEXT


def test_text_with_a_few_nuls_stays_utf8() -> None:
    content = b"a\x00b plain text with one NUL in it and more words"
    assert decode_text(content) == content.decode()
