#!/usr/bin/env python3
"""One box, every core: `classifier batch` throughput with 1 worker process against --workers 2,
and the same pages over REST to 2 Celery workers.

Distinct 500-word pages from ../shared/data/corpus (detect_speed.distinct_pages: every source in
turn, no text twice) go through the batch task (`classifier batch --workers N`: the whole
pipeline, audit records written in input order by the parent) on a WorkerPool of 1 process
(the service's `onnx_threads`, 2) and of 2 processes (1 intra-op thread each). Measured:

  pages/s     after every worker is ready (start-up apart), the same pages for both
  CPU/page    CPU seconds the workers spent per page (every thread), the fair figure on a
              shared, loaded machine; cores / that = the most pages/s the cores allow
  cold start  a worker's process start -> models loaded -> ready, seconds
  peak RSS    per worker, MiB (ru_maxrss), over the pages and then over the big document
  REST+Celery the same pages submitted with `?wait=false` to the real server on 127.0.0.1,
              processed by 2 `classifier worker`s on Redis (TEST_CELERY_REDIS_URL; a queue of
              its own), 1 intra-op thread each; also the web process's CPU per page
  big text    one text document of --big-mb MiB (pages joined) end to end in one worker, with
              `max_text_chars` raised to fit it: seconds, outcome, the worker's peak RSS

The machine is shared: the load average before and after each part is recorded with it.

usage: benchmarks/scale.py [--pages 60] [--big-mb 7] [--no-big] [--no-celery]
Prints a table, writes benchmarks/results/scale.json. Exits 0 when ../shared is absent.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from detect_speed import CORPUS, distinct_pages  # noqa: E402

from classifier.cli.batch_workers import batch_task  # noqa: E402
from classifier.scale.workers import WorkerPool  # noqa: E402
from classifier.settings import load_settings  # noqa: E402


def _settings(state: Path, **extra: Any) -> Any:
    values = {"data_dir": str(state), "worker_max_rss_mb": 0, **extra}  # measure, never recycle
    return load_settings(overrides=values, environ={})


def _throughput(state: Path, workers: int, pages: list[str]) -> dict[str, Any]:
    payloads = [(n, json.dumps({"id": f"page-{n}", "text": p})) for n, p in enumerate(pages, 1)]
    out: dict[str, Any] = {"workers": workers, "load_before": os.getloadavg()[0]}
    with WorkerPool(_settings(state / f"w{workers}"), workers, batch_task) as pool:
        started = time.perf_counter()
        answers = list(pool.map(payloads))
        seconds = time.perf_counter() - started
        stats = pool.stats
    out |= {
        "pages": len(pages),
        "seconds": round(seconds, 2),
        "pages_per_s": round(len(pages) / seconds, 2),
        "errors": sum("error" in a[0] for a in answers),
        # CPU seconds per page in the workers (every thread): the fair figure on a loaded box.
        # cores / it is the most pages/s the cores allow: N single-threaded workers come close
        # to it when nothing else runs; one process only if its threads keep every core busy
        "cpu_s_per_page": round(stats.cpu_s / len(pages), 3),
        "pages_per_s_bound": round((os.cpu_count() or 1) * len(pages) / stats.cpu_s, 2),
        "cold_start_s": [round(s, 2) for s in stats.cold_start_s],
        "peak_rss_mb": [round(m) for m in stats.peak_rss_mb.values()],
        "load_after": os.getloadavg()[0],
    }
    return out


def _cpu_s(pid: int) -> float:
    """CPU seconds (user + system, every thread) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(x.split()[1] for x in status.splitlines() if x.startswith("VmHWM"))) / 1024


def _celery(state: Path, pages: list[str]) -> dict[str, Any]:
    """The same pages over REST (`?wait=false`, the real server on 127.0.0.1) to 2 Celery
    workers on Redis (tests/celery_stack.py), 1 intra-op thread each, as --workers 2 has:
    timed from the first submission, workers ready, to the last document stored."""
    from tests.celery_stack import Stack

    out: dict[str, Any] = {"workers": 2, "load_before": os.getloadavg()[0]}
    stack = Stack(state / "celery", workers=2, webhook_url="", onnx_threads="1",
                  max_document_seconds="300")  # fmt: skip
    try:
        out["cold_start_s"] = [round(stack.wait_workers_ready(), 2)] * 2  # both at once
        pids = [w.pid for w in stack.workers]
        web_cpu, cpu = _cpu_s(stack.server.process.pid), sum(_cpu_s(p) for p in pids)
        started = time.perf_counter()
        ids = [stack.submit_text(page) for page in pages]
        stack.wait_finished(ids, len(ids), 3600)
        seconds = time.perf_counter() - started
        cpu = sum(_cpu_s(p) for p in pids) - cpu
        web_cpu = _cpu_s(stack.server.process.pid) - web_cpu
        out |= {"peak_rss_mb": [round(_peak_rss_mb(p)) for p in pids]}
    finally:
        stack.close()
    return out | {
        "pages": len(pages),
        "seconds": round(seconds, 2),
        "pages_per_s": round(len(pages) / seconds, 2),
        "cpu_s_per_page": round(cpu / len(pages), 3),
        "pages_per_s_bound": round((os.cpu_count() or 1) * len(pages) / cpu, 2),
        "web_cpu_s_per_page": round(web_cpu / len(pages), 3),
        "load_after": os.getloadavg()[0],
    }


def _big_text(mb: float) -> str:
    target = int(mb * 2**20)
    pages = distinct_pages(max(1, target // 2500 + 50))
    text, size = [], 0
    for page in pages:
        text.append(page)
        size += len(page.encode()) + 2
        if size >= target:
            break
    return "\n\n".join(text)


def _big(state: Path, mb: float) -> dict[str, Any]:
    text = _big_text(mb)
    settings = _settings(state / "big", max_text_chars=len(text) + 1)
    out: dict[str, Any] = {"mb": round(len(text.encode()) / 2**20, 2), "chars": len(text)}
    out["load_before"] = os.getloadavg()[0]
    with WorkerPool(settings, 1, batch_task) as pool:
        started = time.perf_counter()
        ((record, _events),) = list(pool.map([(1, json.dumps({"id": "big", "text": text}))]))
        out["seconds"] = round(time.perf_counter() - started, 1)
        out["outcome"] = record.get("error") or record["action"]
        out["findings"] = len(record.get("findings", []))
        out["peak_rss_mb"] = [round(m) for m in pool.stats.peak_rss_mb.values()]
    out["load_after"] = os.getloadavg()[0]
    return out


def _row(result: dict[str, Any], name: str, key: str, fmt: str = "{}") -> str:
    cells = [fmt.format(result[k][key]) for k in ("one", "two", "celery") if k in result]
    return f"| {name} | " + " | ".join(cells) + " |"


def _table(result: dict[str, Any]) -> None:
    celery = "celery" in result
    print("\n| | 1 process | --workers 2 |" + (" REST + 2 Celery workers |" if celery else ""))
    print("| --- | --- | --- |" + (" --- |" if celery else ""))
    one = result["one"]
    print(_row(result, f"pages/s ({one['pages']} distinct 500-word pages)", "pages_per_s"))
    print(f"| speed-up over 1 process | 1 | x{result['speedup']} |"
          + (f" x{result['celery_speedup']} |" if celery else ""))  # fmt: skip
    print(_row(result, "CPU s per page (in the workers)", "cpu_s_per_page"))
    print(
        _row(result, "most pages/s the cores allow (cores / CPU s per page)", "pages_per_s_bound")
    )
    print(_row(result, "worker cold start, s", "cold_start_s"))
    print(_row(result, "peak RSS per worker, MiB", "peak_rss_mb"))
    loads = {k: f"{v['load_before']:.1f} -> {v['load_after']:.1f}" for k, v in result.items()
             if isinstance(v, dict) and "load_before" in v}  # fmt: skip
    print(_row({k: {"l": v} for k, v in loads.items()}, "load average before -> after", "l"))
    if celery:
        print(f"\nREST + Celery: the web process spent {result['celery']['web_cpu_s_per_page']}"
              " CPU s per page (submission, sealing, storing, status polls)")  # fmt: skip
    big = result.get("big")
    if big:
        load = f"load {big['load_before']:.1f} -> {big['load_after']:.1f}"
        print(f"\nbig text: {big['mb']} MiB, {big['chars']} characters: {big['outcome']} in "
              f"{big['seconds']} s, {big['findings']} findings, worker peak RSS "
              f"{big['peak_rss_mb']} MiB ({load})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--big-mb", type=float, default=7.0)
    parser.add_argument("--no-big", action="store_true")
    parser.add_argument("--no-celery", action="store_true", help="skip the REST + Celery row")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"{CORPUS} not found: nothing to measure")
        return 0
    pages = distinct_pages(args.pages)
    result: dict[str, Any] = {"cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        result["one"] = _throughput(Path(tmp), 1, pages)
        result["two"] = _throughput(Path(tmp), 2, pages)
        result["speedup"] = round(result["two"]["pages_per_s"] / result["one"]["pages_per_s"], 2)
        if not args.no_celery:
            result["celery"] = _celery(Path(tmp), pages)
            rate = result["celery"]["pages_per_s"]
            result["celery_speedup"] = round(rate / result["one"]["pages_per_s"], 2)
        if not args.no_big:
            result["big"] = _big(Path(tmp), args.big_mb)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "scale.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    _table(result)
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
