"""Calls ../shared/eval's classification scorer (never copied) for the benchmark scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def eval_cls(gold: Path, predictions: Path, metrics_json: Path) -> tuple[str, dict[str, Any]]:
    """(the scorer's report, its metrics) for a prediction JSONL against a gold corpus JSONL."""
    out = subprocess.run(
        [sys.executable, str(EVAL / "eval_cls.py"), str(gold), str(predictions),
         "--json", str(metrics_json)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    metrics: dict[str, Any] = json.loads(metrics_json.read_text())
    return out.stdout, metrics
