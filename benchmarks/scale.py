#!/usr/bin/env python3
"""One box, every core: `classifier batch` throughput with 1 worker process against --workers 2,
and the same pages over REST to 2 Celery workers.

Distinct 500-word pages of the validation split of ../shared/data/corpus (the documents
classifier.training.split.is_validation holds out of training; detect_speed.distinct_pages: every
source in turn, no text twice) go through the batch task (`classifier batch --workers N`: the whole
pipeline, audit records written in input order by the parent) on a WorkerPool of 1 process
(the service's `onnx_threads`, 2) and of 2 processes (1 intra-op thread each). Measured:

  pages/s     after every worker is ready (start-up apart), the same pages for both
  CPU/page    CPU seconds the workers spent per page (every thread), the fair figure on a
              shared, loaded machine; cores / that = the most pages/s the cores allow
  cold start  a worker's process start -> models loaded -> ready, seconds (in each pool, and
              --cold lone workers started one by one, each with its first page's seconds)
  peak RSS    per worker, MiB (VmHWM), over the pages and then over the big document
  REST+Celery the same pages submitted with `?wait=false` to the real server on 127.0.0.1,
              processed by 2 `classifier worker`s on Redis (TEST_CELERY_REDIS_URL; a queue of
              its own), 1 intra-op thread each; also the web process's CPU per page
  big text    one text document of --big-mb MiB (other pages of the split, joined) end to end
              in a fresh worker, with `max_text_chars` raised to fit it and a time budget of
              --big-seconds (`max_document_seconds`; over it the document is quarantined):
              seconds from submission (the worker's start-up apart), outcome, the worker's
              peak RSS against `worker_max_rss_mb` and the 400 MiB target

The machine is shared: the load average before and after each part is recorded with it.

The default run takes about 4 minutes on 2 cores (at most --big-seconds for the big text).
--code CHECKOUT measures another checkout's classifier package (../main before a change).

usage: benchmarks/scale.py [--pages 40] [--cold 3] [--big-mb 7] [--big-seconds 180] [--no-big]
                           [--no-throughput] [--no-celery] [--code CHECKOUT] [--out FILE]
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

PAGE_CHARS = 3000  # about the characters of a 500-word page, to size the big text


def _code(argv: list[str]) -> None:
    """--code CHECKOUT: that checkout's classifier package first on the path (the workers,
    spawned, inherit the path)."""
    if "--code" in argv:
        sys.path.insert(0, str(Path(argv[argv.index("--code") + 1]).resolve()))


_code(sys.argv)
from classifier.cli.batch_workers import batch_task  # noqa: E402
from classifier.scale.workers import WorkerPool  # noqa: E402
from classifier.settings import load_settings  # noqa: E402
from classifier.training.split import is_validation  # noqa: E402


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


def _cold(state: Path, pages: list[str]) -> dict[str, Any]:
    """One fresh 1-worker pool per page, one after another: process start -> ready, and the
    first page's seconds after ready (what a pattern compiled at first use costs it)."""
    out: dict[str, Any] = {"load_before": os.getloadavg()[0], "ready_s": [], "first_page_s": []}
    for n, page in enumerate(pages):
        with WorkerPool(_settings(state / f"cold{n}"), 1, batch_task) as pool:
            started = time.perf_counter()
            list(pool.map([(1, json.dumps({"id": f"cold-{n}", "text": page}))]))
            out["first_page_s"].append(round(time.perf_counter() - started, 2))
            out["ready_s"].append(round(pool.stats.cold_start_s[0], 2))
    out["load_after"] = os.getloadavg()[0]
    return out


def _big_text(pages: list[str], mb: float) -> str:
    target = int(mb * 2**20)
    text, size = [], 0
    for page in pages:
        text.append(page)
        size += len(page.encode()) + 2
        if size >= target:
            break
    return "\n\n".join(text)


def _big(state: Path, pages: list[str], mb: float, seconds: int) -> dict[str, Any]:
    text = _big_text(pages, mb)
    settings = _settings(state / "big", max_text_chars=len(text) + 1, max_document_seconds=seconds)
    out: dict[str, Any] = {"mb": round(len(text.encode()) / 2**20, 2), "chars": len(text)}
    out |= {
        "budget_s": seconds,
        "worker_max_rss_mb": int(load_settings(environ={}).worker_max_rss_mb),
    }
    out["load_before"] = os.getloadavg()[0]
    with WorkerPool(settings, 1, batch_task) as pool:
        started = time.perf_counter()
        ((record, _events),) = list(pool.map([(1, json.dumps({"id": "big", "text": text}))]))
        out["seconds"] = round(time.perf_counter() - started, 1)
        out["outcome"] = record.get("error") or record["action"]
        out["findings"] = len(record.get("findings", []))
        out["peak_rss_mb"] = [round(m) for m in pool.stats.peak_rss_mb.values()]
        out["cold_start_s"] = [round(s, 2) for s in pool.stats.cold_start_s]
    out["load_after"] = os.getloadavg()[0]
    return out


def _row(result: dict[str, Any], name: str, key: str, fmt: str = "{}") -> str:
    cells = [fmt.format(result[k][key]) for k in ("one", "two", "celery") if k in result]
    return f"| {name} | " + " | ".join(cells) + " |"


def _table(result: dict[str, Any]) -> None:
    if "one" in result:
        _throughput_table(result)
    cold = result.get("cold")
    if cold:
        print(f"\ncold start of a lone worker (process start -> ready), s: {cold['ready_s']}; "
              f"its first page after ready, s: {cold['first_page_s']} "
              f"(load {cold['load_before']:.1f} -> {cold['load_after']:.1f})")  # fmt: skip
    big = result.get("big")
    if big:
        load = f"load {big['load_before']:.1f} -> {big['load_after']:.1f}"
        print(f"\nbig text: {big['mb']} MiB, {big['chars']} characters: {big['outcome']} in "
              f"{big['seconds']} s (budget {big['budget_s']} s), {big['findings']} findings, "
              f"worker peak RSS {big['peak_rss_mb']} MiB (bound {big['worker_max_rss_mb']}), "
              f"cold start {big['cold_start_s']} s ({load})")  # fmt: skip


def _throughput_table(result: dict[str, Any]) -> None:
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
    loads = {k: f"{result[k]['load_before']:.1f} -> {result[k]['load_after']:.1f}"
             for k in ("one", "two", "celery") if k in result}  # fmt: skip
    print(_row({k: {"l": v} for k, v in loads.items()}, "load average before -> after", "l"))
    if celery:
        print(f"\nREST + Celery: the web process spent {result['celery']['web_cpu_s_per_page']}"
              " CPU s per page (submission, sealing, storing, status polls)")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--big-mb", type=float, default=7.0)
    parser.add_argument("--big-seconds", type=int, default=180)
    parser.add_argument("--cold", type=int, default=3, help="fresh workers started one by one")
    parser.add_argument("--no-big", action="store_true")
    parser.add_argument("--no-celery", action="store_true", help="skip the REST + Celery row")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--code", default="", help="another checkout's classifier package")
    parser.add_argument("--out", default=str(RESULTS / "scale.json"))
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"{CORPUS} not found: nothing to measure")
        return 0
    big_pages = 0 if args.no_big else int(args.big_mb * 2**20) // PAGE_CHARS + 100
    pages = distinct_pages(args.pages + args.cold + big_pages, is_validation)  # none twice
    cold_pages = pages[args.pages : args.pages + args.cold]
    result: dict[str, Any] = {"cpus": os.cpu_count(), "code": args.code or str(ROOT)}
    result["split"] = "validation (classifier.training.split.is_validation)"
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_throughput:
            result["one"] = _throughput(Path(tmp), 1, pages[: args.pages])
            result["two"] = _throughput(Path(tmp), 2, pages[: args.pages])
            speedup = result["two"]["pages_per_s"] / result["one"]["pages_per_s"]
            result["speedup"] = round(speedup, 2)
            if not args.no_celery:
                result["celery"] = _celery(Path(tmp), pages[: args.pages])
                rate = result["celery"]["pages_per_s"]
                result["celery_speedup"] = round(rate / result["one"]["pages_per_s"], 2)
        if args.cold:
            result["cold"] = _cold(Path(tmp), cold_pages)
        if not args.no_big:
            big = pages[args.pages + args.cold :]
            result["big"] = _big(Path(tmp), big, args.big_mb, args.big_seconds)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    _table(result)
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
