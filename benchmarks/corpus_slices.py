"""The three slices of ../shared/data/corpus/documents.jsonl the benchmarks use, fixed by hashes
of the document ids (classifier/training/split.py), exactly as `classifier train` cuts them:

- reporting: the validation split (15%). Every figure reported comes from it; nothing is
  fitted on it (model weights, fusion weight, temperature, open-set threshold).
- calibration: 10% of the rest. The fusion weight, the temperature and the open-set threshold
  are fitted on it; the encoder never saw it.
- fit: the remaining documents, which the encoder and the heads are trained on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "data" / "corpus" / "documents.jsonl"
UNSEEN = SHARED / "data" / "corpus" / "unseen_kinds_dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results"

Row = dict[str, Any]


def read_jsonl(path: Path) -> list[Row]:
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def slice_of(doc_id: str) -> str:
    from classifier.training.split import is_calibration, is_validation

    if is_validation(doc_id):
        return "reporting"
    return "calibration" if is_calibration(doc_id) else "fit"


def benchmark_parser(description: str) -> Any:
    """The argument parser of a benchmark, with --model-dir."""
    import argparse

    ap = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", default="", help="default: the model models/ACTIVE names")
    return ap


def data_missing() -> bool:
    """True (and says so) when ../shared's corpus or unseen kinds are absent."""
    if CORPUS.is_file() and UNSEEN.is_file():
        return False
    print(f"skipped: {CORPUS} or {UNSEEN} is absent")
    return True


def model_dir(requested: str) -> Path:
    from classifier.ml.text_classifier import resolve_model_dir

    return Path(requested) if requested else resolve_model_dir(ROOT / "models")
