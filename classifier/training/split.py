"""The deterministic train/validation split, shared by training and the benchmarks."""

from __future__ import annotations

import hashlib
import zlib

VALIDATION_PERCENT = 15
CALIBRATION_PERCENT = 10


def is_validation(doc_id: str, percent: int = VALIDATION_PERCENT) -> bool:
    """A document is in the validation split when the hash of its id falls below `percent`."""
    digest = hashlib.sha256(f"split-v1:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def is_calibration(doc_id: str, percent: int = CALIBRATION_PERCENT) -> bool:
    """A training document set aside (by a second, independent hash) to fit the fusion weight and
    the temperature, so that the validation split scores a model that never saw it."""
    digest = hashlib.sha256(f"calibration-v1:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def is_tune_group(group: str) -> bool:
    """The tuning half of the PII development data, by patient (or document id): detection is
    tuned and the tagger trained on this half; the other half measures them."""
    return zlib.crc32(group.encode()) % 2 == 0


def tune_quarter(group: str) -> str:
    """Within the tuning half, "a" or "b" (by a second bit of the same hash); "" in the check
    half. A tagger trained on tune-a leaves tune-b unseen: rules for notes the tagger never
    saw are chosen there, and the check half is still kept for the report."""
    crc = zlib.crc32(group.encode()) % 4
    return {0: "a", 2: "b"}.get(crc, "")
