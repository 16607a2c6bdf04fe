#!/usr/bin/env python3
"""A new document type from 30 examples (`classifier train --add-label`), measured.

The new type: the Scrapy documentation pages of ../shared/data/corpus/unseen_kinds_dev.jsonl
(49 pages, a kind absent from documents.jsonl). 30 of them (the first by a hash of the id) are
the site's example folder; the other 19 are held back. These pages are used for nothing else
here: the open-set figures of open_set_eval.py are those of the base model, which never saw
them. The base model and the extended one both classify the reporting slice of documents.jsonl
plus the 19 held-back pages, labels as served (argmax): the new type's F1 on the held-back
pages, every other class's F1 before and after. The Rust book and requests pages (other unseen
kinds) are counted too: how many the new type takes.

usage: .venv-dev/bin/python benchmarks/add_label_eval.py [--model-dir models/NAME] [--examples 30]
Writes benchmarks/results/add_label_eval.json; exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_slices import (  # noqa: E402
    CORPUS,
    RESULTS,
    UNSEEN,
    benchmark_parser,
    data_missing,
    model_dir,
    read_jsonl,
    slice_of,
)
from grouped_cv import per_class_f1  # noqa: E402

from classifier.ml.text_classifier import TextClassifier  # noqa: E402
from classifier.training.add_label import AddLabelConfig, add_label  # noqa: E402

NEW = "scrapy_docs"


def _rank(row: dict[str, Any]) -> str:
    return hashlib.sha256(f"add-label-eval:{row['id']}".encode()).hexdigest()


def _labels(model: TextClassifier, rows: list[dict[str, Any]]) -> list[str]:
    return [
        c.label
        for i in range(0, len(rows), 16)
        for c in model.classify_batch([r["text"] for r in rows[i : i + 16]])
    ]


def main() -> int:
    ap = benchmark_parser(__doc__)
    ap.add_argument("--examples", type=int, default=30)
    a = ap.parse_args()
    if data_missing():
        return 0
    import numpy as np

    base_dir = model_dir(a.model_dir)
    unseen = read_jsonl(UNSEEN)
    pages = sorted((r for r in unseen if r["title"].startswith("scrapy/")), key=_rank)
    others = [r for r in unseen if not r["title"].startswith("scrapy/")]
    train, held = pages[: a.examples], pages[a.examples :]
    reporting = [r for r in read_jsonl(CORPUS) if slice_of(r["id"]) == "reporting"]
    with tempfile.TemporaryDirectory(prefix="add-label-") as tmp:
        folder = Path(tmp) / "examples"
        folder.mkdir()
        for r in train:
            (folder / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        out = add_label(AddLabelConfig(str(base_dir), NEW, str(folder), str(Path(tmp) / "new")))
        extended = TextClassifier(out, threads=1)
        verification = extended.manifest["added_labels"][-1]["verification"]
        rows = reporting + held
        gold = np.array([r["label"] for r in reporting] + [NEW] * len(held))
        after = np.array(_labels(extended, rows + others))
    before = np.array(_labels(TextClassifier(base_dir, threads=1), reporting))
    labels = sorted(set(gold))
    f1_before = per_class_f1(gold[: len(reporting)], before, labels)
    f1_after = per_class_f1(gold, after[: len(rows)], labels)
    result = {
        "base": base_dir.name,
        "new_label": NEW,
        "examples": len(train),
        "held_back": len(held),
        "verification_at_training": verification,
        "new_label_f1": round(f1_after[NEW], 4),
        "per_class_f1": {
            k: {"before": round(f1_before.get(k, float("nan")), 4), "after": round(v, 4)}
            for k, v in f1_after.items()
        },
        "other_unseen_pages_taken": f"{int((after[len(rows) :] == NEW).sum())} of {len(others)}",
    }
    print(f"{NEW}: {len(train)} examples, {len(held)} held back; F1 {result['new_label_f1']}")
    print(f"{'class':<20}{'F1 before':>10}{'after':>8}{'change':>8}")
    for k, v in result["per_class_f1"].items():
        print(f"{k:<20}{v['before']:>10}{v['after']:>8}{v['after'] - v['before']:>+8.3f}")
    print(
        "other unseen pages (Rust book, requests) given the new label:",
        result["other_unseen_pages_taken"],
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "add_label_eval.json").write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
