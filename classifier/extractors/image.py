"""Images (PNG, JPEG, multi-page TIFF) through OCR: the words Tesseract reads, and where.

Pillow (MIT-CMU licence) decodes; an image (or TIFF frame) over the `max_image_pixels`
setting is refused from its header, before it is decoded (decompression bombs).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

from PIL import Image, ImageSequence, UnidentifiedImageError

from classifier.document import Document, Extracted
from classifier.errors import CorruptDocument, DocumentTooLarge
from classifier.layout import PageLayout
from classifier.limits import current
from classifier.ocr import ocr_words, words_to_text

PAGE_SEPARATOR = "\n\n"


def open_image(content: bytes) -> Image.Image:
    """The image, header read; over `max_image_pixels` is refused before decoding."""
    limits = current()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:
        raise DocumentTooLarge("the image is over the pixel limit (decompression bomb?)") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise CorruptDocument(f"the image could not be read ({type(exc).__name__})") from None
    if image.width * image.height > limits.max_image_pixels:
        raise DocumentTooLarge(
            f"{image.width}x{image.height} pixels is over the limit of {limits.max_image_pixels}"
        )
    return image


def frames(image: Image.Image) -> Iterator[Image.Image]:
    """Each page (TIFF frame) decoded, at most `max_pages` of them."""
    limits = current()
    count = getattr(image, "n_frames", 1)
    if count > limits.max_pages:
        raise DocumentTooLarge(f"{count} pages is over the limit of {limits.max_pages}")
    try:
        for frame in ImageSequence.Iterator(image):
            if frame.width * frame.height > limits.max_image_pixels:
                raise DocumentTooLarge(f"a {frame.width}x{frame.height} frame is over the limit")
            frame.load()
            yield frame.copy()
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise CorruptDocument(f"the image could not be decoded ({type(exc).__name__})") from None


def for_ocr(frame: Image.Image) -> Image.Image:
    return frame if frame.mode in ("1", "L", "RGB") else frame.convert("RGB")


def extract(document: Document) -> Extracted:
    texts: list[str] = []
    layout: list[PageLayout] = []
    pos = 0
    for number, frame in enumerate(frames(open_image(document.content)), 1):
        if texts:
            pos += len(PAGE_SEPARATOR)
        words = ocr_words(for_ocr(frame))
        text, spans = words_to_text(words, pos)
        layout.append(
            PageLayout(
                number, pos, pos + len(text), frame.width, frame.height, "px", True, tuple(spans)
            )
        )
        texts.append(text)
        pos += len(text)
    return Extracted(text=PAGE_SEPARATOR.join(texts), pages=len(layout), layout=tuple(layout))
