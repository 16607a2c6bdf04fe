#!/usr/bin/env python3
"""CPU time of detection per distinct 500-word page, total and without the PHI tagger's ONNX
forward pass (the part the one-pass engine, filters, names and propagation cost), and the
seconds the detection imports take; for the checkout first on PYTHONPATH (run it once with
each checkout to compare, under the same load):

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/detect_cpu.py
    PYTHONPATH=../main OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python benchmarks/detect_cpu.py

The Detector is built as the pipeline builds it (default settings, ONNX at 1 thread);
`PhiTagger._logits` is wrapped to sum its `time.process_time`; 5 warm-up pages, then --pages
distinct pages (benchmarks/detect_speed.distinct_pages). Prints one JSON line. CPU time, not
wall-clock: on a shared machine it is the figure that compares.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

WARM_UP = 5


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pages", type=int, default=40)
    a = ap.parse_args()
    started = time.perf_counter()
    import classifier
    from classifier.settings import load_settings
    from classifier.stages.detect import Detector, load_tagger

    imports = time.perf_counter() - started
    sys.path.insert(0, str(Path(__file__).resolve().parent))  # after classifier is imported
    from detect_speed import CORPUS, distinct_pages

    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    settings = load_settings(environ={})
    tagger = load_tagger(settings.models_dir, settings.phi_tagger, threads=1)
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
    pages = distinct_pages(WARM_UP + a.pages)
    for page in pages[:WARM_UP]:
        detector.detect(page)
    total, rest = [], []
    for page in pages[WARM_UP:]:
        forward[0] = 0.0
        t = time.process_time()
        detector.detect(page)
        spent = time.process_time() - t
        total.append(spent * 1000)
        rest.append((spent - forward[0]) * 1000)
    print(json.dumps({
        "checkout": str(Path(classifier.__file__).parent.parent),
        "imports_s": round(imports, 2),
        "spacy_imported": "spacy" in sys.modules,
        "cpu_ms_median": round(statistics.median(total), 1),
        "without_forward_ms_median": round(statistics.median(rest), 1),
        "without_forward_ms_p90": round(sorted(rest)[int(0.9 * len(rest))], 1),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
