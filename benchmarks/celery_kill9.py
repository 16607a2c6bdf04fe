#!/usr/bin/env python3
"""kill -9 a Celery worker in the middle of 300 documents submitted over REST; prove that every
document ends processed or quarantined exactly once: status, audit records, webhook deliveries.

The real WSGI server (`classifier serve` on 127.0.0.1) and 2 `classifier worker` processes on
Redis (TEST_CELERY_REDIS_URL, default database 13; a queue of this run's own), a loopback
webhook receiver that answers 503, then 500, then 200 (Celery retries with backoff), all on
one fresh state folder (tests/celery_stack.py). N distinct documents go in with `?wait=false`
(every 10th a corrupt PDF: quarantined; every 10th a text of no known type: held for review,
not pushed; the rest redacted and pushed), and W files of the same kinds are dropped in a
watched folder that `serve` claims and the workers process. Once K are finished, worker 0 is
killed with SIGKILL while it holds a task, and started again. Then the count: every
document's final status, its outcome records in the audit trail, the deliveries the receiver
took (200) and those audited, each watched file's result, and `audit verify`.

usage: benchmarks/celery_kill9.py [--documents 300] [--kill-after 100] [--watched 20]
Prints a table, writes benchmarks/results/celery_kill9.json; exit 1 unless the count is clean.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from tests.celery_stack import Stack, clean, mixed_document, settle  # noqa: E402


def mixed_text(i: int) -> bytes:
    """The i-th mixed document as a file's bytes (watched files: `watched-<i>.txt`)."""
    content = mixed_document(10_000 + i)  # not the same content as a submitted one
    return content if isinstance(content, bytes) else content.encode()


def run(documents: int, kill_after: int, watched: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        return _run(documents, kill_after, watched, Path(tmp))


def _run(documents: int, kill_after: int, watched: int, tmp: Path) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    stack = Stack(tmp, workers=2, watch=True)
    try:
        ready_s = stack.wait_workers_ready()  # web and workers started together
        submitted = time.monotonic()
        ids = [stack.submit_mixed(i) for i in range(documents)]
        submit_s = time.monotonic() - submitted
        dropped = [stack.drop(f"watched-{i}.txt", mixed_text(i)) for i in range(watched)]
        stack.wait_finished(ids, kill_after, 1800)
        finished_at_kill = stack.finished(ids)
        busy = stack.kill_busy(0)
        stack.restart(0)
        count = settle(stack, ids, dropped, 1800)
        seconds = time.monotonic() - submitted
        taken_over = stack.taken_over()
    finally:
        stack.close()
    return {
        **count,
        "killed_worker_held_a_task": busy,
        "jobs_taken_over_from_the_dead_worker": taken_over,
        "finished_at_kill": finished_at_kill,
        "workers_ready_s": round(ready_s, 1),
        "submit_s": round(submit_s, 1),
        "seconds_to_settled": round(seconds, 1),
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "clean": clean(count),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--kill-after", type=int, default=100)
    parser.add_argument("--watched", type=int, default=20, help="files dropped in a watched folder")
    args = parser.parse_args()
    result = run(args.documents, args.kill_after, args.watched)
    print("\n| | |\n| --- | --- |")
    for key, value in result.items():
        print(f"| {key} | {value} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "celery_kill9.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0 if result["clean"] else 1


if __name__ == "__main__":
    sys.exit(main())
