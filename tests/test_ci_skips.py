"""In CI (TESTS_FAIL_ON_SKIP=1, set by .ci/run) a skipped test fails the run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = Path(__file__).parent / "fixtures" / "skip_probe.py"


def _run(flag: str) -> int:
    env = {**os.environ, "TESTS_FAIL_ON_SKIP": flag}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(PROBE)]
    cwd = Path(__file__).parent.parent
    return subprocess.run(command, env=env, cwd=cwd, capture_output=True).returncode


def test_a_skip_fails_the_run_in_ci() -> None:
    assert _run("1") == 1


def test_a_skip_is_a_skip_elsewhere() -> None:
    assert _run("0") == 0
