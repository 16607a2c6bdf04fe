#!/usr/bin/env python3
"""`classifier batch` over the held-out validation split of ../shared/data/corpus.

Runs the serving environment's real command (.venv/bin/classifier, the way `make run` built
it), times it, then calls the shared scoring scripts (never copies them):
check_schema.py (pinned output schema) and eval_cls.py (macro-F1 etc.).

usage: benchmarks/batch_corpus.py [--limit 500] [--classifier .venv/bin/classifier]
Prints a table and writes benchmarks/results/batch_corpus.json. Exits 0 with a message when
../shared is absent.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "corpus" / "documents.jsonl"
EVAL = SHARED / "eval"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from scoring import eval_cls  # noqa: E402

from classifier.training.split import is_validation  # noqa: E402


def write_split(limit: int) -> tuple[Path, Path, int]:
    """The validation documents in the order of a hash of their id (every source mixed in, not
    the corpus file's grouping), the first `limit` of them."""
    gold, inputs = RESULTS / "corpus-val-gold.jsonl", RESULTS / "corpus-val-in.jsonl"
    with CORPUS.open(encoding="utf-8") as src:
        rows = [row for line in src if is_validation((row := json.loads(line))["id"])]
    rows.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
    rows = rows[:limit] if limit else rows
    with gold.open("w") as g, inputs.open("w") as i:
        for row in rows:
            g.write(json.dumps(row, ensure_ascii=False) + "\n")
            i.write(json.dumps({"id": row["id"], "text": row["text"]}, ensure_ascii=False) + "\n")
    return gold, inputs, len(rows)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--limit", type=int, default=500, help="documents (0: the whole split)")
    ap.add_argument("--classifier", default=str(ROOT / ".venv" / "bin" / "classifier"))
    a = ap.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    gold, inputs, n = write_split(a.limit)
    out = RESULTS / "corpus-val-out.jsonl"
    started = time.perf_counter()
    subprocess.run([a.classifier, "batch", str(inputs), "--out", str(out), "--quiet"], check=True)
    seconds = time.perf_counter() - started
    schema = subprocess.run(
        [sys.executable, str(EVAL / "check_schema.py"), str(inputs), str(out)],
        capture_output=True,
        text=True,
    )
    report, metrics = eval_cls(gold, out, RESULTS / "batch_corpus_eval.json")
    print(report)
    row = {
        "documents": n,
        "seconds": round(seconds, 1),
        "docs_per_second": round(n / seconds, 2),
        "schema": schema.stdout.strip() or schema.stderr.strip(),
        "macro_f1": round(metrics["macro_f1"], 4),
        "accuracy": round(metrics["accuracy"], 4),
        "domain_accuracy": round(metrics["domain_accuracy"], 4),
        "oos_handled": metrics["oos_handled"],
    }
    print(f"{'documents':<18}{'seconds':>9}{'docs/s':>8}{'macro-F1':>10}{'accuracy':>10}  schema")
    print(
        f"{n:<18}{row['seconds']:>9}{row['docs_per_second']:>8}{row['macro_f1']:>10}"
        f"{row['accuracy']:>10}  {row['schema']}"
    )
    (RESULTS / "batch_corpus.json").write_text(json.dumps(row, indent=1) + "\n")
    return 0 if schema.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
