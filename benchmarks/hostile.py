"""Hostile inputs (issue 16): each case processed by the real pipeline in a process of its
own, measuring the time `process_bytes` takes and how far it raises the process's peak
resident memory above what loading the model and detector took.

    nice -n 10 python benchmarks/hostile.py [--only CASE]

Prints a table and writes benchmarks/results/hostile.json. The fixtures are the tests' own
(tests/hostile_*.py), built in memory; no data from ../shared is needed.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results"


def _docx() -> tuple[bytes, str]:
    from tests.hostile_docx import hostile_docx

    return hostile_docx(), "hidden.docx"


def _html() -> tuple[bytes, str]:
    from tests.test_hostile_html import hostile_html

    return hostile_html(), "hidden.html"


def _eml() -> tuple[bytes, str]:
    from tests.test_hostile_email import hostile_eml

    return hostile_eml(), "hidden.eml"


def _nested_attachments() -> tuple[bytes, str]:
    from tests.hostile_email import nested_attachments

    return nested_attachments(50), "nested50.eml"


def _nested_messages() -> tuple[bytes, str]:
    from tests.hostile_email import nested_messages

    return nested_messages(50), "rfc822x50.eml"


def _lying_zip() -> tuple[bytes, str]:
    from tests.test_hostile_limits import lying_zip

    return lying_zip(300 * 1024 * 1024, declared=1000), "lying.docx"


def _honest_bomb() -> tuple[bytes, str]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        z.writestr("word/bomb.xml", b"\0" * (300 * 1024 * 1024))
    return buf.getvalue(), "bomb.docx"


def _pdf_header_in_text() -> tuple[bytes, str]:
    return b"How to spot a PDF: its first bytes are %PDF-1.7 and a version.\n", "howto.txt"


def _long_text() -> tuple[bytes, str]:
    line = "Patient Margaret Thornton was seen on ward 4; phone 617-555-0142. "
    return (line * (200_000 // len(line))).encode(), "long.txt"


CASES: dict[str, tuple[Callable[[], tuple[bytes, str]], dict[str, object]]] = {
    "docx: values in content control, text box, w:ins, smart tag, after &x;": (_docx, {}),
    "html: values in meta, alt, title, hidden input, data-*, mailto:, tel:": (_html, {}),
    "eml: values in HTML alternative, attachment name": (_eml, {}),
    ".txt with %PDF- in its first kilobyte": (_pdf_header_in_text, {}),
    "eml: 50 nested .eml attachments (16 KB)": (_nested_attachments, {}),
    "eml: 50 nested message/rfc822 parts": (_nested_messages, {}),
    "docx: zip declaring 1,000 bytes, inflating to 300 MB": (_lying_zip, {}),
    "docx: zip bomb, 300 MB of zeros (true sizes)": (_honest_bomb, {}),
    "200,000-character text, max_document_seconds = 1": (_long_text, {"max_document_seconds": 1}),
}


def run_case(name: str) -> dict[str, object]:
    from classifier.document import Result
    from classifier.pipeline import Pipeline
    from classifier.settings import load_settings

    build, overrides = CASES[name]
    with tempfile.TemporaryDirectory() as tmp:
        folders = {key: f"{tmp}/{key}" for key in ("data_dir", "audit_dir", "keys_dir")}
        settings = load_settings(overrides={**folders, "onnx_threads": 1, **overrides}, environ={})
        pipeline = Pipeline.from_settings(settings)
        content, filename = build()
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        outcome = pipeline.process_bytes(content, filename, source="benchmark")
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if isinstance(outcome, Result):
        result = f"processed ({outcome.media_type}, {len(outcome.findings)} findings)"
        level, deepest = 0, outcome
        while isinstance(deepest, Result) and deepest.children:
            level, deepest = level + 1, deepest.children[0]
        if level:
            fate = getattr(deepest, "reason", "processed")
            result += f"; deepest attachment (level {level}): {fate}"
    else:
        result = f"quarantined: {outcome.reason}"
    return {
        "case": name,
        "input_bytes": len(content),
        "seconds": round(seconds, 2),
        "peak_mib_over_baseline": round((peak - before) / 1024, 1),
        "outcome": result,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", help="run one case (by name) in this process and print JSON")
    args = ap.parse_args()
    if args.only:
        print(json.dumps(run_case(args.only)))
        return 0
    rows = []
    for name in CASES:
        done = subprocess.run(
            [sys.executable, __file__, "--only", name], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        row = rows[-1]
        print(
            f"| {row['case']} | {row['input_bytes']:,} | {row['seconds']} "
            f"| {row['peak_mib_over_baseline']} | {row['outcome']} |",
            flush=True,
        )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "hostile.json").write_text(json.dumps(rows, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
