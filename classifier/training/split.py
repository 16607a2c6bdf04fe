"""The deterministic train/validation split, shared by training and the benchmarks."""

from __future__ import annotations

import hashlib

VALIDATION_PERCENT = 15


def is_validation(doc_id: str, percent: int = VALIDATION_PERCENT) -> bool:
    """A document is in the validation split when the hash of its id falls below `percent`."""
    digest = hashlib.sha256(f"split-v1:{doc_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent
