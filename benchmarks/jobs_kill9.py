#!/usr/bin/env python3
"""kill -9 the real `classifier serve` while `?wait=false` jobs are queued and running; prove
that every accepted job ends processed, quarantined or failed with a reason, none audited twice.

Submits N jobs (default 104, as in issue 16) to a fresh service on 127.0.0.1, SIGKILLs it K
times (default 2) once a few more jobs have finished, starts it again on the same state each
time, and after the last start waits until no job is queued or running. Then it accounts for
every job: its final status, the number of outcome records in the audit trail, the start-up
reconciliation steps (`job.reconciled`), and `audit verify`.

usage: benchmarks/jobs_kill9.py [--jobs 104] [--kills 2]
Prints a table and writes benchmarks/results/jobs_kill9.json.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from classifier.audit.keys import load_keys  # noqa: E402
from classifier.audit.log import read_records  # noqa: E402
from classifier.audit.verify import verify  # noqa: E402
from classifier.pipeline import OUTCOME_EVENTS  # noqa: E402
from tests.documents import CLINICAL_NOTE  # noqa: E402
from tests.server_process import Server, cli, state_env  # noqa: E402

FINAL = {"processed", "quarantined", "failed"}


def _finished(statuses: dict[str, str]) -> int:
    return sum(v in FINAL for v in statuses.values())


def run(jobs: int, kills: int, tmp: Path) -> dict[str, Any]:
    env = state_env(tmp, job_workers="1")
    token = cli(env, "tokens", "create", "--role", "submitter").strip()
    server = Server(env, tmp / "server.log").wait_ready()
    for i in range(jobs):
        text = CLINICAL_NOTE.replace("0142", f"{i:04d}")
        status, _ = server.call("/api/v1/documents?wait=false", token, {"text": text})
        assert status == 202
    runs = []
    for _ in range(kills):
        target = _finished(server.statuses(token)) + 3
        at_kill = server.wait_until(token, lambda s: _finished(s) >= target, 300)  # noqa: B023
        peak = server.peak_rss_mib()
        server.kill()
        runs.append({"at_kill": dict(collections.Counter(at_kill.values())), "peak_mib": peak})
        server = Server(env, tmp / "server.log").wait_ready()
    started = time.monotonic()
    final = server.wait_until(token, lambda s: _finished(s) == jobs, 900)
    settle_s = time.monotonic() - started
    peak = server.peak_rss_mib()
    server.stop()
    records = read_records(tmp / "audit")
    outcomes = collections.Counter(
        r["document_id"] for r in records if r["event"] in OUTCOME_EVENTS
    )
    steps = collections.Counter(
        f"{r['found']}->{r['action']}" for r in records if r["event"] == "job.reconciled"
    )
    report = verify(tmp / "audit", load_keys(tmp / "var" / "keys"))
    return {
        "jobs": jobs,
        "kills": runs,
        "final": dict(collections.Counter(final.values())),
        "audited_twice": sum(n > 1 for n in outcomes.values()),
        "final_without_audit": sum(
            1 for i, v in final.items() if v != "failed" and outcomes[i] != 1
        ),
        "reconciled": dict(steps),
        "seconds_after_last_start": round(settle_s, 1),
        "peak_mib_last_run": round(peak, 1),
        "audit_verify": report.summary(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=104)
    parser.add_argument("--kills", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        result = run(args.jobs, args.kills, Path(tmp))
    for key, value in result.items():
        print(f"{key:<26} {value}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "jobs_kill9.json").write_text(json.dumps(result, indent=2) + "\n")
    ok = not result["audited_twice"] and not result["final_without_audit"]
    return 0 if ok and result["audit_verify"].startswith("OK") else 1


if __name__ == "__main__":
    sys.exit(main())
