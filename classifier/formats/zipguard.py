"""Zip bomb guard for OOXML files: every member is read through a byte budget, counting the
bytes as they are decompressed; the sizes the archive declares are never trusted."""

from __future__ import annotations

import io
import zipfile

from classifier.errors import CorruptDocument, DocumentTooLarge
from classifier.formats.limits import Limits

CHUNK = 64 * 1024
MAX_MEMBERS = 10_000
ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what OOXML writers use
RATIO_FLOOR = 1024 * 1024  # below this many bytes out, any ratio is fine (tiny files)


def read_members(content: bytes, limits: Limits) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Each member and its bytes, in archive order. DocumentTooLarge as soon as the bytes
    decompressed so far are over `max_uncompressed_bytes`, or over `max_compression_ratio`
    times the file's size; zipfile.BadZipFile (and friends) for a malformed archive."""
    budget = _Budget(limits, len(content))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise DocumentTooLarge(f"{len(infos)} zip members is over the limit of {MAX_MEMBERS}")
        odd = {i.compress_type for i in infos} - ZIP_METHODS
        if odd:  # bzip2 and lzma decompress a whole block per read: a 37 KB file took 2.2 GB
            raise CorruptDocument(f"zip compression method {min(odd)} (only stored and deflate)")
        return [(info, _read(archive, info, budget)) for info in infos]


class _Budget:
    def __init__(self, limits: Limits, compressed_size: int) -> None:
        self.limit = limits.max_uncompressed_bytes
        self.ratio_limit = limits.max_compression_ratio * max(compressed_size, 1)
        self.ratio = limits.max_compression_ratio
        self.spent = 0

    def spend(self, count: int) -> None:
        self.spent += count
        if self.spent > self.limit:
            raise DocumentTooLarge(f"over {self.limit} bytes uncompressed (counted while reading)")
        if self.spent > RATIO_FLOOR and self.spent > self.ratio_limit:
            raise DocumentTooLarge(f"compression ratio over {self.ratio} (zip bomb?)")


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    chunks = []
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            budget.spend(len(chunk))
            chunks.append(chunk)
    return b"".join(chunks)
