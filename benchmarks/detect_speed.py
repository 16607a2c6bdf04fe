#!/usr/bin/env python3
"""Detection speed on DISTINCT 500-word pages, start-up included where a user pays it.

Pages are cut from ../shared/data/corpus/documents.jsonl, every source in turn (a source's
documents in the order of a hash of their id, joined and cut every 500 words); no text is
measured twice, so no cache can answer (the PHI tagger keeps the last text's scores).

  (a) detection: our Detector and stock Presidio's AnalyzerEngine (predefined recognizers, the
      small spaCy model) in this process, one page each in turn, so both see the same load;
      median and p90 ms per page over --pages pages, the first (cold) page and the start-up
      (loading) reported apart (ours is built first and pays the imports both share);
  (b) the whole pipeline as a user runs it: `classifier batch` of the serving environment
      (--classifier, with this checkout first on PYTHONPATH) against stock Presidio analyze +
      anonymize (presidio-anonymizer, defaults) in a process of its own, both over the same
      --pipeline-pages other pages, wall-clock from process start to exit (start-up included);
      the ratio is stock seconds / ours (the issue's target: >= 5).

The machine is shared: the load average before and after each part is recorded with it.

With --reference CHECKOUT, (a) also times that checkout's Detector (e.g. ../main before a
change) in a process of its own, each page in turn with the others: before and after under
the same load. --no-pipeline runs (a) only.

usage: benchmarks/detect_speed.py [--pages 100] [--pipeline-pages 120] [--classifier PATH]
                                  [--reference CHECKOUT] [--no-pipeline]
Prints a table, writes benchmarks/results/detect_speed.json. Exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "documents.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
WORDS_PER_PAGE = 500
SERVING_ENVS = (ROOT / ".venv", ROOT.parent / "main" / ".venv")
sys.path.insert(0, str(ROOT))


def _source_pages(texts: list[str]) -> Iterator[str]:
    """500-word pages of one source's texts joined by blank lines, in order."""
    stream = "\n\n".join(texts)
    starts = [m.start() for m in re.finditer(r"\S+", stream)]
    for i in range(0, len(starts) - WORDS_PER_PAGE + 1, WORDS_PER_PAGE):
        end = starts[i + WORDS_PER_PAGE] if i + WORDS_PER_PAGE < len(starts) else len(stream)
        yield stream[starts[i] : end].rstrip()


def distinct_pages(n: int, keep: Callable[[str], bool] = lambda doc_id: True) -> list[str]:
    """n distinct 500-word pages, taken from every source in turn (of the documents whose id
    `keep` accepts, e.g. classifier.training.split.is_validation)."""
    by_source: dict[str, list[tuple[str, str]]] = {}
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            if not keep(row["id"]):
                continue
            key = hashlib.sha256(row["id"].encode()).hexdigest()
            by_source.setdefault(row["source"], []).append((key, row["text"]))
    streams = [_source_pages([t for _, t in sorted(docs)]) for _, docs in sorted(by_source.items())]
    pages: list[str] = []
    seen: set[str] = set()
    while len(pages) < n and streams:
        for stream in list(streams):
            page = next(stream, None)
            if page is None:
                streams.remove(stream)
            elif page not in seen and len(pages) < n:
                seen.add(page)
                pages.append(page)
    if len(pages) < n:
        raise SystemExit(f"the corpus gives only {len(pages)} distinct pages, not {n}")
    return pages


def _ms_stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return {"median_ms": round(statistics.median(ordered), 1), "p90_ms": round(p90, 1),
            "mean_ms": round(statistics.fmean(ordered), 1)}  # fmt: skip


def _stock_analyzer() -> Any:
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    from classifier.stages.detect import SPACY_MODEL

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    engine.load()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def _stock_detector() -> Callable[[str], Any]:
    analyzer = _stock_analyzer()
    return lambda text: analyzer.analyze(text, language="en")


def _our_detector() -> Callable[[str], Any]:
    from classifier.settings import load_settings
    from classifier.stages.detect import Detector, load_tagger

    settings = load_settings()  # as the pipeline builds it, CLASSIFIER_* settings included
    tagger = load_tagger(settings.models_dir, settings.phi_tagger, threads=settings.onnx_threads)
    return Detector(tagger=tagger).detect


class ReferenceDetector:
    """The Detector of another checkout (`reference`, e.g. ../main before a change) in a process
    of its own: each page goes to it in turn with ours, and it answers the ms it took."""

    def __init__(self, reference: Path):
        env = {**os.environ, "PYTHONPATH": str(reference)}
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(reference)], env=env, cwd=reference,
            text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.startup_s = float(self._answer())

    def _answer(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit("the reference detector stopped")
        return line

    def ms(self, page: str) -> float:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(page) + "\n")
        self.process.stdin.flush()
        return float(self._answer())

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def serve(checkout: Path) -> int:
    """--serve CHECKOUT: build the Detector of CHECKOUT, say its start-up seconds, then per page
    (a JSON string a line) the ms detection took."""
    sys.path.insert(0, str(checkout))  # before this checkout (ROOT), which is on the path
    started = time.perf_counter()
    run = _our_detector()
    print(time.perf_counter() - started, flush=True)
    for line in sys.stdin:
        started = time.perf_counter()
        run(json.loads(line))
        print((time.perf_counter() - started) * 1000, flush=True)
    return 0


def detection(pages: list[str], reference: Path | None = None) -> dict[str, Any]:
    """(a): the detectors in turn on each page (with `reference`: its Detector too)."""
    runs: dict[str, Callable[[str], Any]] = {}
    out: dict[str, Any] = {"load_before": os.getloadavg()[0]}
    for name, build in (("ours", _our_detector), ("stock", _stock_detector)):
        started = time.perf_counter()
        runs[name] = build()
        out[name] = {"startup_s": round(time.perf_counter() - started, 2)}
    other = ReferenceDetector(reference) if reference else None
    if other:
        out["reference"] = {"startup_s": round(other.startup_s, 2), "checkout": str(reference)}
    times: dict[str, list[float]] = {name: [] for name in (*runs, *(["reference"] * bool(other)))}
    for page in pages:
        for name, run in runs.items():
            started = time.perf_counter()
            run(page)
            times[name].append((time.perf_counter() - started) * 1000)
        if other:
            times["reference"].append(other.ms(page))
    if other:
        other.close()
    for name, t in times.items():
        out[name].update({"first_page_ms": round(t[0], 1), **_ms_stats(t[1:])})
    out["load_after"] = os.getloadavg()[0]
    return out


def _write_pages(pages: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for i, page in enumerate(pages):
            f.write(json.dumps({"id": f"page-{i:04d}", "text": page}, ensure_ascii=False) + "\n")


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def pipeline(pages: list[str], classifier: Path, workers: int = 1) -> dict[str, Any]:
    """(b): `classifier batch` and stock analyze + anonymize, each a fresh process."""
    out: dict[str, Any] = {"pages": len(pages), "load_before": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory(prefix="detect-speed-") as tmp:
        folder = Path(tmp)
        inputs = folder / "pages.jsonl"
        _write_pages(pages, inputs)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CLASSIFIER_AUDIT_DIR": str(folder / "audit"),
               "CLASSIFIER_DATA_DIR": str(folder / "var")}  # fmt: skip
        ours_out, stock_out = str(folder / "ours.jsonl"), str(folder / "stock.jsonl")
        ours = [str(classifier), "batch", str(inputs), "--out", ours_out, "--quiet"]
        ours += ["--workers", str(workers)]  # 0: one per core, as `classifier batch` by default
        stock = [sys.executable, __file__, "--stock-batch", str(inputs), stock_out]
        seconds = {"ours": _timed(ours, env), "stock": _timed(stock, env)}
    for name, s in seconds.items():
        out[name] = {"seconds": round(s, 2), "ms_per_page": round(s * 1000 / len(pages), 1)}
    out["ratio_stock_over_ours"] = round(seconds["stock"] / seconds["ours"], 2)
    out["load_after"] = os.getloadavg()[0]
    return out


def stock_batch(inputs: Path, output: Path) -> int:
    """Stock Presidio as a user would script it: analyze, then anonymize with the defaults."""
    from presidio_anonymizer import AnonymizerEngine

    analyzer, anonymizer = _stock_analyzer(), AnonymizerEngine()
    with inputs.open(encoding="utf-8") as src, output.open("w", encoding="utf-8") as dst:
        for line in src:
            row = json.loads(line)
            results = analyzer.analyze(row["text"], language="en")
            text = anonymizer.anonymize(row["text"], results).text
            dst.write(json.dumps({"id": row["id"], "redacted_text": text}) + "\n")
    return 0


def print_table(result: dict[str, Any]) -> None:
    a = result["detection"]
    print(f"\n(a) detection, {a['pages']} distinct 500-word pages (load {a['load_before']:.1f}"
          f" -> {a['load_after']:.1f})")  # fmt: skip
    print(f"{'detector':<9}{'start-up s':>11}{'first ms':>10}{'median ms':>11}{'p90 ms':>9}")
    for name in ("ours", "stock", "reference"):
        if name not in a:
            continue
        v = a[name]
        print(f"{name:<9}{v['startup_s']:>11}{v['first_page_ms']:>10}{v['median_ms']:>11}"
              f"{v['p90_ms']:>9}")  # fmt: skip
    print("(start-up in-process: ours, built first, also pays the imports both share; (b) is the"
          " fair start-up comparison)")  # fmt: skip
    if "pipeline" not in result:
        return
    b = result["pipeline"]
    print(f"\n(b) whole pipeline vs stock analyze + anonymize, {b['pages']} distinct pages, "
          f"start-up included (load {b['load_before']:.1f} -> {b['load_after']:.1f})")  # fmt: skip
    for name in ("ours", "stock"):
        print(f"{name:<9}{b[name]['seconds']:>8} s  {b[name]['ms_per_page']:>7} ms/page")
    print(f"ratio stock/ours: {b['ratio_stock_over_ours']} (target >= 5)")


def default_classifier() -> Path:
    for env in SERVING_ENVS:
        if (env / "bin" / "classifier").is_file():
            return env / "bin" / "classifier"
    return SERVING_ENVS[0] / "bin" / "classifier"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pages", type=int, default=100, help="pages for (a), at least 100")
    ap.add_argument("--pipeline-pages", type=int, default=120, help="other pages for (b)")
    ap.add_argument("--classifier", type=Path, default=default_classifier())
    ap.add_argument("--reference", type=Path, help="also time this checkout's detector in (a)")
    ap.add_argument("--no-pipeline", action="store_true", help="(a) only")
    ap.add_argument("--workers", type=int, default=1,
                    help="`classifier batch --workers` in (b): 1 (stock is one process) or 0 (one "
                         "per core, the command's default)")  # fmt: skip
    ap.add_argument("--stock-batch", nargs=2, type=Path, metavar=("IN", "OUT"), help="internal")
    ap.add_argument("--serve", type=Path, help="internal")
    a = ap.parse_args()
    if a.stock_batch:
        return stock_batch(*a.stock_batch)
    if a.serve:
        return serve(a.serve)
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    pages = distinct_pages(a.pages + 1 + a.pipeline_pages)
    result: dict[str, Any] = {"omp_num_threads": os.environ.get("OMP_NUM_THREADS", ""),
                              "cpus": os.cpu_count(), "classifier": str(a.classifier)}  # fmt: skip
    result["detection"] = {"pages": a.pages, **detection(pages[: a.pages + 1], a.reference)}
    if not a.no_pipeline:
        result["pipeline"] = pipeline(pages[a.pages + 1 :], a.classifier, a.workers)
        result["pipeline"]["workers"] = a.workers
    print_table(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "detect_speed.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
