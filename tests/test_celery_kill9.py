"""The many-box mode on one box, with the real servers: `classifier serve` on 127.0.0.1, two
`classifier worker`s on Redis (a database of these tests' own, a queue per run), a loopback
webhook receiver and a watched folder. One worker is killed with SIGKILL mid-run and started
again: every document ends processed or quarantined exactly once (status, audit records,
webhook deliveries), the watched files too, and `audit verify` passes.
benchmarks/celery_kill9.py is the 300-document version."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.celery_stack import Stack, clean, settle
from tests.documents import CLINICAL_NOTE

DOCUMENTS = 30
WAIT_S = 900  # cold starts on a loaded 2-core box, one redelivery after the lease


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    running = Stack(tmp_path, workers=2, watch=True)
    yield running
    running.close()


def test_kill_9_of_a_celery_worker_loses_and_doubles_nothing(stack: Stack) -> None:
    ids = [stack.submit_mixed(i) for i in range(DOCUMENTS)]
    watched = [stack.drop(f"note-{i}.txt", f"Watched {i}: {CLINICAL_NOTE}".encode())
               for i in range(4)]  # fmt: skip
    stack.wait_finished(ids, DOCUMENTS // 3, WAIT_S)
    assert stack.kill_busy(0)  # mid-document
    stack.restart(0)
    count = settle(stack, ids, watched, WAIT_S)
    assert clean(count), count
    assert count["to_push"] > 0 and count["final"].get("quarantined") == DOCUMENTS // 10
    assert count["webhook_posts"] >= count["to_push"] + 2  # the receiver's 503 and 500 retried
