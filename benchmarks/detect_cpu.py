#!/usr/bin/env python3
"""CPU time of detection per distinct 500-word page, total and without the PHI tagger's ONNX
forward pass (the part the one-pass engine, filters, names and propagation cost), and the
seconds the detection imports take; for the checkout first on PYTHONPATH:

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/detect_cpu.py

With --reference CHECKOUT, before and after in one run: this checkout's Detector and that
checkout's, each in a process of its own (its checkout first on PYTHONPATH), are given each
page in turn (which goes first alternates), so both see the same load:

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/detect_cpu.py --reference ../main

The Detector is built as the pipeline builds it (default settings, ONNX at 1 thread);
`PhiTagger._logits` is wrapped to sum its `time.process_time`; 5 warm-up pages, then --pages
distinct pages (benchmarks/detect_speed.distinct_pages). Prints one JSON line. CPU time, not
wall-clock: on a shared machine it is the figure that compares (wall-clock is given too).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WARM_UP = 5
ROOT = Path(__file__).resolve().parent.parent


def _detector(tagger_name: str = "") -> tuple[Callable[[str], dict[str, float]], float]:
    """A function timing one page's detection (total and forward-pass CPU ms, wall ms), and
    the seconds the detection imports took."""
    started = time.perf_counter()
    from classifier.settings import load_settings
    from classifier.stages.detect import Detector, load_tagger

    imports = time.perf_counter() - started
    settings = load_settings(environ={})
    tagger_name = tagger_name or os.environ.get("DETECT_CPU_TAGGER", "")
    tagger = load_tagger(settings.models_dir, tagger_name or settings.phi_tagger, threads=1)
    if tagger is None:
        raise SystemExit("no PHI tagger configured")
    detector = Detector(tagger=tagger)
    forward = [0.0]
    logits = tagger._logits

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        out = logits(*args, **kwargs)
        forward[0] += time.process_time() - t
        return out

    tagger._logits = timed  # type: ignore[method-assign]

    def run(page: str) -> dict[str, float]:
        forward[0] = 0.0
        wall, cpu = time.perf_counter(), time.process_time()
        detector.detect(page)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        return {"cpu": cpu * 1000, "rest": (cpu - forward[0]) * 1000, "wall": wall * 1000}

    return run, imports


def _summary(times: list[dict[str, float]]) -> dict[str, float]:
    def med(key: str) -> float:
        return round(statistics.median(t[key] for t in times), 1)

    rest = sorted(t["rest"] for t in times)
    return {
        "cpu_ms_median": med("cpu"),
        "without_forward_ms_median": med("rest"),
        "without_forward_ms_p90": round(rest[int(0.9 * len(rest))], 1),
        "wall_ms_median": med("wall"),
    }


def serve() -> int:
    """--serve: build the Detector of the checkout on PYTHONPATH, say its import seconds,
    then per page (a JSON string a line) its times (a JSON line)."""
    run, imports = _detector()
    import classifier

    checkout = str(Path(classifier.__file__).parent.parent)
    print(json.dumps({"imports_s": imports, "checkout": checkout}), flush=True)
    for line in sys.stdin:
        print(json.dumps(run(json.loads(line))), flush=True)
    return 0


class Server:
    def __init__(self, checkout: Path):
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve"], env=env, cwd=checkout,
            text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.ready = self._answer()

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("a detector process stopped")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def times(self, page: str) -> dict[str, float]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(page) + "\n")
        self.process.stdin.flush()
        return {key: float(value) for key, value in self._answer().items()}

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def compare(reference: Path, pages: list[str]) -> dict[str, Any]:
    """This checkout and `reference`, each page to both in turn (alternating who goes first)."""
    load_before = os.getloadavg()[0]
    servers = {"this checkout": Server(ROOT), f"reference {reference}": Server(reference)}
    times: dict[str, list[dict[str, float]]] = {name: [] for name in servers}
    for i, page in enumerate(pages):
        order = list(servers.items())
        for name, server in order if i % 2 else reversed(order):
            times[name].append(server.times(page))
    for server in servers.values():
        server.close()
    return {
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "pages": len(pages) - WARM_UP,
        **{
            name: {
                "checkout": servers[name].ready["checkout"],
                "imports_s": round(servers[name].ready["imports_s"], 2),
                **_summary(t[WARM_UP:]),
            }
            for name, t in times.items()
        },
    }


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--reference", type=Path, help="also time this checkout, page by page")
    ap.add_argument("--tagger", default="", help="PHI tagger under models/ (default: the setting)")
    ap.add_argument("--serve", action="store_true", help="internal")
    a = ap.parse_args()
    if a.tagger:
        os.environ["DETECT_CPU_TAGGER"] = a.tagger  # and for the --reference processes
    if a.serve:
        return serve()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from detect_speed import CORPUS, distinct_pages

    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    pages = distinct_pages(WARM_UP + a.pages)
    if a.reference:
        print(json.dumps(compare(a.reference.resolve(), pages)))
        return 0
    run, imports = _detector(a.tagger)
    import classifier

    for page in pages[:WARM_UP]:
        run(page)
    times = [run(page) for page in pages[WARM_UP:]]
    print(json.dumps({
        "checkout": str(Path(classifier.__file__).parent.parent),
        "tagger": a.tagger or "the setting",
        "imports_s": round(imports, 2),
        "spacy_imported": "spacy" in sys.modules,
        **_summary(times),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
