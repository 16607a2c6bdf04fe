#!/usr/bin/env python3
"""One box, every core: `classifier batch` throughput with 1 worker process against --workers 2.

Distinct 500-word pages from ../shared/data/corpus (detect_speed.distinct_pages: every source in
turn, no text twice) go through the batch task (`classifier batch --workers N`: the whole
pipeline, audit records written in input order by the parent) on a WorkerPool of 1 process
(the service's `onnx_threads`, 2) and of 2 processes (1 intra-op thread each). Measured:

  pages/s     after every worker is ready (start-up apart), the same pages for both
  CPU/page    CPU seconds the workers spent per page (every thread), the fair figure on a
              shared, loaded machine; cores / that = the most pages/s the cores allow
  cold start  a worker's process start -> models loaded -> ready, seconds
  peak RSS    per worker, MiB (ru_maxrss), over the pages and then over the big document
  big text    one text document of --big-mb MiB (pages joined) end to end in one worker, with
              `max_text_chars` raised to fit it: seconds, outcome, the worker's peak RSS

The machine is shared: the load average before and after each part is recorded with it.

usage: benchmarks/scale.py [--pages 60] [--big-mb 7] [--no-big]
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


def _table(result: dict[str, Any]) -> None:
    print("\n| | 1 process | --workers 2 |\n| --- | --- | --- |")
    one, two = result["one"], result["two"]
    print(f"| pages/s ({one['pages']} distinct 500-word pages) | {one['pages_per_s']} | "
          f"{two['pages_per_s']} (x{result['speedup']}) |")  # fmt: skip
    print(
        f"| CPU s per page (in the workers) | {one['cpu_s_per_page']} | {two['cpu_s_per_page']} |"
    )
    print(f"| most pages/s the cores allow (cores / CPU s per page) | {one['pages_per_s_bound']}"
          f" | {two['pages_per_s_bound']} |")  # fmt: skip
    print(f"| worker cold start, s | {one['cold_start_s']} | {two['cold_start_s']} |")
    print(f"| peak RSS per worker, MiB | {one['peak_rss_mb']} | {two['peak_rss_mb']} |")
    print(f"| load average before -> after | {one['load_before']:.1f} -> {one['load_after']:.1f}"
          f" | {two['load_before']:.1f} -> {two['load_after']:.1f} |")  # fmt: skip
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
