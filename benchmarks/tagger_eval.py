#!/usr/bin/env python3
"""The PHI tagger alone: its speed on distinct 500-word pages and its character recall and
precision on the annotated development sets, for one or more taggers in the same run.

Speed: 500-word pages cut from ../shared/data/corpus/documents.jsonl, taken in turn from
every source (operative notes, contracts, judgments, earnings calls, receipts, ...), each page
tagged once (no page repeats, so nothing a cache kept could answer); a few other pages warm the
session up first. For each tagger: ms per page (median, mean, p90) at 1 and 2 ONNX intra-op
threads, with one window per ONNX run (batch 1) and with the windows of a page batched
(`windows_per_run`, padded).

Quality: `classifier.training.tagger.char_scores` (characters, blanks ignored; types our
pattern recognizers own are left out of the gold) on the PhysioNet notes and Presidio's
synthetic sentences, each split in halves by patient like benchmarks/pii_eval.py (`--split`).

Other annotated files (JSONL with `text` and `spans`, e.g. held-out templates of
classifier/training/everyday.py) are scored whole with `--extra`.

usage: benchmarks/tagger_eval.py [--tagger NAME_OR_DIR ...] [--pages 60] [--split tune]
                                 [--extra FILE ...] [--no-speed] [--no-quality]
Prints a table and writes benchmarks/results/tagger_eval.json (git-ignored). Exits 0 with a
message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "corpus" / "documents.jsonl"
PII = SHARED / "data" / "pii"
GOLD = {
    "physionet": PII / "physionet_deid_dev.jsonl",
    "synth": PII / "presidio_synth_dataset_v2.json",
}
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from classifier.ml.phi_tagger import MAX_WINDOWS_PER_RUN, PhiTagger  # noqa: E402
from classifier.settings import load_settings  # noqa: E402
from classifier.training.split import is_tune_group  # noqa: E402

PAGE_WORDS = 500
WARM_UP_PAGES = 3
WORD = re.compile(r"\S+")


def pages(n: int) -> list[str]:
    """`n` + WARM_UP_PAGES distinct 500-word pages, taken in turn from each source."""
    by_source: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            words = list(WORD.finditer(doc["text"]))
            for i in range(0, len(words) - PAGE_WORDS + 1, PAGE_WORDS):
                page = doc["text"][words[i].start() : words[i + PAGE_WORDS - 1].end()]
                if page not in seen and len(by_source[doc["label"]]) < n:
                    seen.add(page)
                    by_source[doc["label"]].append(page)
    queues = [iter(v) for _, v in sorted(by_source.items())]
    out: list[str] = []
    while len(out) < n + WARM_UP_PAGES and queues:
        for q in list(queues):
            page = next(q, None)
            if page is None:
                queues.remove(q)
            elif len(out) < n + WARM_UP_PAGES:
                out.append(page)
    return out


def speed(model_dir: Path, texts: list[str], threads: int, per_run: int) -> dict[str, float]:
    tagger = PhiTagger(model_dir, threads=threads, windows_per_run=per_run)
    for page in texts[:WARM_UP_PAGES]:
        tagger.tag(page)
    ms, cpu_ms = [], []
    for page in texts[WARM_UP_PAGES:]:
        started, cpu = time.perf_counter(), time.process_time()
        tagger.tag(page)
        ms.append((time.perf_counter() - started) * 1000)
        cpu_ms.append((time.process_time() - cpu) * 1000)
    ms.sort()
    return {
        "pages": float(len(ms)),
        "median_ms": statistics.median(ms),
        "mean_ms": statistics.fmean(ms),
        "p90_ms": ms[int(0.9 * (len(ms) - 1))],
        "median_cpu_ms": statistics.median(cpu_ms),  # CPU time of all threads: less noisy
        "load_average": os.getloadavg()[0],  # other work on the machine during the run
    }


def quality(model_dir: Path, split: str, extra: list[Path]) -> dict[str, dict[str, float]]:
    """Scores on the halves of the development sets, and on each `extra` file whole."""
    from classifier.training.ner_data import load_tagged
    from classifier.training.tagger import char_scores

    tagger = PhiTagger(model_dir, threads=2)
    sets = {name: (path, split) for name, path in GOLD.items()}
    sets |= {path.stem: (path, "all") for path in extra}
    out = {}
    for name, (path, part) in sets.items():
        texts = [
            t
            for t in load_tagged(path)
            if part == "all" or (part == "tune") == is_tune_group(t.group)
        ]
        started = time.perf_counter()
        out[name] = char_scores(tagger, texts) | {"seconds": time.perf_counter() - started}
    return out


def model_dir(name: str) -> Path:
    path = Path(name)
    return path if path.is_dir() else ROOT / "models" / name


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--tagger", action="append", help="name under models/ or a directory (repeat)")
    ap.add_argument("--pages", type=int, default=60, help="distinct 500-word pages timed")
    ap.add_argument("--split", choices=("tune", "check", "all"), default="tune")
    ap.add_argument(
        "--extra",
        action="append",
        type=Path,
        default=[],
        help="another annotated file scored whole, e.g. held-out everyday documents (repeat)",
    )
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--no-quality", action="store_true")
    a = ap.parse_args()
    if not CORPUS.is_file() or not GOLD["physionet"].is_file():
        print(f"skipped: {SHARED / 'data'} is absent")
        return 0
    names = a.tagger or [load_settings().phi_tagger]
    texts = [] if a.no_speed else pages(a.pages)
    results: dict[str, Any] = {"pages": len(texts) - WARM_UP_PAGES, "split": a.split, "taggers": {}}
    for name in names:
        res: dict[str, Any] = {}
        for threads in (1, 2):
            for per_run in (1, MAX_WINDOWS_PER_RUN):
                if texts:
                    res[f"threads={threads} windows/run={per_run}"] = speed(
                        model_dir(name), texts, threads, per_run
                    )
        if not a.no_quality:
            res["quality"] = quality(model_dir(name), a.split, a.extra)
        results["taggers"][name] = res
        print(json.dumps({name: res}, indent=1), flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tagger_eval.json").write_text(
        json.dumps(results, indent=1) + "\n", encoding="utf-8"
    )
    _table(results)
    return 0


def _table(results: dict[str, Any]) -> None:
    print(f"\nms per 500-word page ({results['pages']} distinct pages), tagger alone")
    for name, res in results["taggers"].items():
        for key, v in res.items():
            if key != "quality":
                times = f"median {v['median_ms']:6.1f}  mean {v['mean_ms']:6.1f}"
                tail = f"p90 {v['p90_ms']:6.1f}  cpu {v['median_cpu_ms']:6.1f}"
                print(f"  {name:<14} {key:<24} {times}  {tail}  load {v['load_average']:.1f}")
        for gold, q in res.get("quality", {}).items():
            scores = f"char recall {q['char_recall']:.3f}  precision {q['char_precision']:.3f}"
            print(f"  {name:<14} {gold:<36} {scores}  ({q['texts']:.0f} texts)")


if __name__ == "__main__":
    sys.exit(main())
