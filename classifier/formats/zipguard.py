"""Zip bomb checks for OOXML files, before anything is decompressed."""

from __future__ import annotations

import zipfile

from classifier.errors import DocumentTooLarge
from classifier.formats.limits import Limits


def check_zip(archive: zipfile.ZipFile, compressed_size: int, limits: Limits) -> None:
    """DocumentTooLarge when the members' declared size, or its ratio to the file, is over
    the limits (`max_uncompressed_bytes`, `max_compression_ratio`)."""
    total = sum(max(info.file_size, 0) for info in archive.infolist())
    if total > limits.max_uncompressed_bytes:
        raise DocumentTooLarge(
            f"{total} bytes uncompressed is over the limit of {limits.max_uncompressed_bytes}"
        )
    if total > 1024 * 1024 and total > limits.max_compression_ratio * max(compressed_size, 1):
        raise DocumentTooLarge(f"compression ratio over {limits.max_compression_ratio} (zip bomb?)")
