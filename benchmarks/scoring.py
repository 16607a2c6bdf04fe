"""Calls ../shared/eval's scorers (never copied) for the benchmark scripts."""

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


def eval_pii(gold: Path, predictions: Path, metrics_json: Path) -> tuple[str, dict[str, Any]]:
    """(the scorer's report, its metrics) for a prediction JSONL against a PII gold file."""
    out = subprocess.run(
        [sys.executable, str(EVAL / "eval_pii.py"), str(gold), str(predictions),
         "--json", str(metrics_json)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode not in (0, 1):  # 1: a threshold failed, and none is given here
        raise SystemExit(f"eval_pii.py failed ({out.returncode}): {out.stderr[-2000:]}")
    metrics: dict[str, Any] = json.loads(metrics_json.read_text())
    return out.stdout, metrics
