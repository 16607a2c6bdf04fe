"""One box, every core: `batch --workers N`, `watch --workers N` and the worker pool itself,
with real worker processes that load the shipped models."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from classifier.audit.keys import load_keys
from classifier.audit.log import read_records
from classifier.audit.verify import verify
from classifier.scale.workers import LOOKAHEAD, WorkerPool
from classifier.settings import load_settings
from tests.documents import CLINICAL_NOTE
from tests.test_cli import run_cli

TEXTS = [
    CLINICAL_NOTE,
    "Call Ann Lee at 555-867-5309 about the invoice 4411.",
    "The quarterly earnings call: revenue grew 4% and margins held.",
    "Mail jane.roe@example.com about the contract renewal on 3 March 2026.",
    "Patient John Smith, MRN 4455667, seen on 01/02/2020 for chest pain.",
]


def _input(tmp_path: Path) -> Path:
    lines = [json.dumps({"id": f"doc-{i}", "text": t}) for i, t in enumerate(TEXTS)]
    lines.insert(2, "this is not json")
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def _events(audit_dir: Path) -> list[tuple[str, str]]:
    return [(r["event"], r["document_id"]) for r in read_records(audit_dir) if "document_id" in r]


def _verified(tmp: Path) -> bool:
    report = verify(tmp / "audit", load_keys(tmp / "var" / "keys"), 100)
    return not report.problems


def test_batch_with_two_workers_matches_one_process(tmp_path: Path) -> None:
    src = _input(tmp_path)
    runs = {}
    for workers in ("1", "2"):
        tmp = tmp_path / f"w{workers}"
        out = tmp / "out.jsonl"
        tmp.mkdir()
        proc = run_cli(["batch", str(src), "--out", str(out), "--workers", workers], tmp)
        assert proc.returncode == 0, proc.stderr
        runs[workers] = (out.read_text(), _events(tmp / "audit"))
        assert _verified(tmp)
    assert runs["1"][0] == runs["2"][0]  # the same lines, in input order
    assert runs["1"][1] == runs["2"][1]  # the same audit records, in input order
    ids = [json.loads(line)["id"] for line in runs["2"][0].splitlines()]
    assert ids == ["doc-0", "doc-1", "line-3", "doc-2", "doc-3", "doc-4"]


def test_a_worker_over_its_memory_bound_is_recycled(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(TEXTS[:3]))
    )
    proc = run_cli(
        ["batch", str(src), "--out", str(out), "--workers", "2"],
        tmp_path,
        extra_env={"CLASSIFIER_WORKER_MAX_RSS_MB": "1"},  # every worker passes it at once
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("recycled") == 3  # after each document
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["0", "1", "2"]
    events = [e for e, _ in _events(tmp_path / "audit")]
    assert events.count("document.processed") == 3
    assert _verified(tmp_path)


def killed_on_first_try(pipeline: Any, payload: str, failed: bool) -> tuple[str, bool, int]:
    """A task that kills its own worker (kill -9) the first time it sees "die"."""
    if payload == "die" and not failed:
        os.kill(os.getpid(), signal.SIGKILL)
    return payload, failed, os.getpid()


def slow_first(pipeline: Any, payload: str, failed: bool) -> str:
    if payload == "slow":
        time.sleep(3)
    return payload


def test_a_full_window_done_with_its_slowest_task_first_goes_on(tmp_path: Path) -> None:
    """Every task of a full window answered, the first (slowest) last: the pool submits the
    next tasks instead of waiting on workers that have none (it hung, round 7)."""
    settings = load_settings(
        overrides={"data_dir": str(tmp_path / "var"), "audit_dir": str(tmp_path / "audit")}
    )
    payloads = ["slow"] + [f"t{i}" for i in range(2 * LOOKAHEAD + 3)]
    results: list[str] = []
    with WorkerPool(settings, 2, slow_first) as pool:  # a hang fails the test, not the run
        reader = threading.Thread(target=lambda: results.extend(pool.map(payloads)), daemon=True)
        reader.start()
        reader.join(120)
        assert not reader.is_alive(), "the pool waited on workers that had nothing to do"
    assert results == payloads


def test_a_killed_worker_is_replaced_and_its_task_handed_on_once(tmp_path: Path) -> None:
    settings = load_settings(
        overrides={"data_dir": str(tmp_path / "var"), "audit_dir": str(tmp_path / "audit")}
    )
    with WorkerPool(settings, 2, killed_on_first_try) as pool:
        first_pids = set(pool.pids)
        results = list(pool.map(["a", "die", "b", "c"]))
        assert pool.stats.died == 1
        assert len(pool.pids) == 2 and set(pool.pids) != first_pids
    assert [(p, f) for p, f, _ in results] == [
        ("a", False),
        ("die", True),
        ("b", False),
        ("c", False),
    ]
    assert len(pool.stats.cold_start_s) >= 2  # the replacement may not be ready at the end
    assert all(s > 0 for s in pool.stats.cold_start_s)


def test_watch_with_two_workers(tmp_path: Path) -> None:
    inbox = tmp_path / "w" / "inbox" / "dept"
    inbox.mkdir(parents=True)
    for i, text in enumerate(TEXTS):
        (inbox / f"doc{i}.txt").write_text(text)
    (inbox.parent / "same-as-doc0.txt").write_text(TEXTS[0])
    (inbox.parent / "empty.txt").write_bytes(b"")
    proc = run_cli(
        ["watch", str(tmp_path / "w"), "--once", "--workers", "2"],
        tmp_path,
        extra_env={"CLASSIFIER_WATCH_STABLE_MS": "100"},
    )
    assert proc.returncode == 0, proc.stderr
    counts = dict(item.split() for item in proc.stdout.strip().split(", "))
    assert counts.pop("duplicate") == "1" and counts.pop("quarantine") == "1"
    assert sum(int(v) for v in counts.values()) == len(TEXTS)
    assert not list((tmp_path / "w" / "inbox").rglob("*.txt"))
    assert not list((tmp_path / "w" / "processing").iterdir())
    events = [e for e, _ in _events(tmp_path / "audit")]
    assert events.count("document.processed") == len(TEXTS)
    assert events.count("document.quarantined") == 1
    assert _verified(tmp_path)


def test_watch_with_two_workers_purges_by_retention(tmp_path: Path) -> None:
    """`watch --workers N` purges archive/ and quarantine/ by `retention_days`, as one watcher."""
    root = tmp_path / "w"
    old = [root / "archive" / "dept" / "old.txt", root / "quarantine" / "dept" / "old.pdf"]
    for path in old:
        path.parent.mkdir(parents=True)
        path.write_bytes(b"x")
        os.utime(path, (1, 1))  # 1970: far past any retention
    (root / "inbox" / "dept").mkdir(parents=True)
    (root / "inbox" / "dept" / "new.txt").write_text(TEXTS[0])
    proc = run_cli(
        ["watch", str(root), "--once", "--workers", "2"],
        tmp_path,
        extra_env={"CLASSIFIER_WATCH_STABLE_MS": "100", "CLASSIFIER_RETENTION_DAYS": "30"},
    )
    assert proc.returncode == 0, proc.stderr
    assert not any(path.exists() for path in old)
    assert [f.name for f in (root / "archive").rglob("*") if f.is_file()] != []  # today's kept
    purged = [r for r in read_records(tmp_path / "audit") if r["event"] == "watch.purged"]
    assert [(r["files"], r["retention_days"]) for r in purged] == [(2, 30)]
    assert _verified(tmp_path)


@pytest.mark.parametrize("flag", ["0", "3"])
def test_workers_option_counts(flag: str) -> None:
    from classifier.cli.options import worker_count

    expected = os.cpu_count() if flag == "0" else 3
    assert worker_count(int(flag), load_settings()) == expected
    assert worker_count(None, load_settings(overrides={"workers": 1})) == 1
