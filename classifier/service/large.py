"""A bound on how many large documents one service processes at once.

A document of `large_document_bytes` or more takes one of `max_concurrent_large_documents`
slots while the pipeline has it; smaller documents never wait. A synchronous request waits up
to `large_document_wait_s` for a slot, then is refused with `ServiceBusy` (503, Retry-After)
before anything is stored; a `?wait=false` job waits in its worker until a slot frees.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from classifier.errors import ServiceBusy
from classifier.settings import Settings


class LargeDocuments:
    def __init__(self, threshold_bytes: int, slots: int, wait_s: float):
        self.threshold_bytes = threshold_bytes
        self.wait_s = wait_s
        self._slots = threading.BoundedSemaphore(slots) if slots > 0 else None

    @classmethod
    def from_settings(cls, settings: Settings) -> LargeDocuments:
        return cls(
            int(settings.large_document_bytes),
            int(settings.max_concurrent_large_documents),
            float(settings.large_document_wait_s),
        )

    def is_large(self, size: int) -> bool:
        return self._slots is not None and size >= self.threshold_bytes

    def try_take(self, size: int) -> bool:
        """A slot for a synchronous request, waiting `wait_s` at most; False: none (no wait
        for a small document, which needs none). Raises ServiceBusy when none freed."""
        if not self.is_large(size):
            return False
        assert self._slots is not None
        if not self._slots.acquire(timeout=self.wait_s):
            retry = max(1, round(self.wait_s))
            raise ServiceBusy(f"every large-document slot is taken; retry in {retry} s", retry)
        return True

    def release(self, taken: bool) -> None:
        if taken and self._slots is not None:
            self._slots.release()

    @contextmanager
    def slot(self, size: int) -> Iterator[None]:
        """A background job's slot: waits as long as it takes."""
        taken = self.is_large(size) and self._slots is not None and self._slots.acquire()
        try:
            yield
        finally:
            self.release(bool(taken))
