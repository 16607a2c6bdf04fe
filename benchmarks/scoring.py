"""Calls ../shared/eval's scorers (never copied) for the benchmark scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def _score(
    script: str, gold: Path, predictions: Path, metrics_json: Path
) -> tuple[str, dict[str, Any]]:
    """Run a scorer; exit status 1 means a threshold failed, and none is given here."""
    command = [sys.executable, str(EVAL / script), str(gold), str(predictions)]
    out = subprocess.run(
        [*command, "--json", str(metrics_json)], capture_output=True, text=True, check=False
    )
    if out.returncode not in (0, 1):
        raise SystemExit(f"{script} failed ({out.returncode}): {out.stderr[-2000:]}")
    metrics: dict[str, Any] = json.loads(metrics_json.read_text())
    return out.stdout, metrics


def eval_cls(gold: Path, predictions: Path, metrics_json: Path) -> tuple[str, dict[str, Any]]:
    """(the scorer's report, its metrics) for a prediction JSONL against a gold corpus JSONL."""
    return _score("eval_cls.py", gold, predictions, metrics_json)


def eval_pii(gold: Path, predictions: Path, metrics_json: Path) -> tuple[str, dict[str, Any]]:
    """(the scorer's report, its metrics) for a prediction JSONL against a PII gold file."""
    return _score("eval_pii.py", gold, predictions, metrics_json)
