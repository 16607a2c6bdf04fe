#!/usr/bin/env python3
"""Redacted files over the development PDFs and receipt scans.

For each ../shared/data/pdf/contracts/*.pdf and ../shared/data/images/receipts/*.jpg: the
pipeline (built from settings: the shipped model or CLASSIFIER_MODELS_DIR/CLASSIFIER_MODEL,
the default policy) processes the file; the table gives pages, findings, redactions applied
(boxes), seconds, and how many redacted values are left in the text read back from the
redacted file with another library than the one that wrote it (pdfminer.six for PDFs, which
pypdfium2/pypdf wrote; Tesseract OCR for images, which Pillow wrote). That last column must be
0 everywhere.

usage: benchmarks/redact_files.py [--limit N] [--only pdf|images]
Prints a table and writes benchmarks/results/redact_files.json. Exits 0 with a message when
../shared is absent.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PDFS = SHARED / "data" / "pdf" / "contracts"
IMAGES = SHARED / "data" / "images" / "receipts"
RESULTS = ROOT / "benchmarks" / "results"
LEAK_MIN_CHARS = 3  # as ../shared/eval/eval_pii.py counts leaks: values of 3+ characters
sys.path.insert(0, str(ROOT))

from classifier.document import Result  # noqa: E402
from classifier.errors import EmptyDocument  # noqa: E402
from classifier.formats.layout import redacted_values  # noqa: E402
from classifier.pipeline import Pipeline  # noqa: E402
from classifier.settings import load_settings  # noqa: E402
from classifier.stages import extract, ingest  # noqa: E402


def read_back(content: bytes, media_type: str) -> str:
    """The redacted file's text, read by a library that did not write it."""
    if media_type == ingest.PDF:
        from pdfminer.high_level import extract_text

        return extract_text(io.BytesIO(content))
    try:
        return extract.extract(ingest.ingest_bytes(content, "redacted.img")).text  # OCR
    except EmptyDocument:  # everything legible was painted over
        return ""


def still_readable(value: str, back: str) -> bool:
    """`value` in the read-back text as whole words, whatever the whitespace between them or
    inside them (a value painted over while an ordinary word contains it, "Tota" in "Total",
    is not a leak; "Jane Doe" read back as "Jane\\nDoe" or "JaneDoe" is)."""
    chars = [re.escape(c) for c in value if not c.isspace()]
    pattern = r"(?<![0-9A-Za-z])" + r"\s*".join(chars) + r"(?![0-9A-Za-z])"
    return re.search(pattern, back) is not None


def run_one(pipeline: Pipeline, path: Path) -> dict[str, object]:
    content = path.read_bytes()
    started = time.perf_counter()
    result = pipeline.process_bytes(content, path.name, source="benchmark")
    seconds = time.perf_counter() - started
    row: dict[str, object] = {"file": path.name, "seconds": round(seconds, 2)}
    if not isinstance(result, Result):
        return {**row, "status": f"quarantined: {result.reason}"}
    document = ingest.ingest_bytes(content, path.name)
    text = extract.extract(document).text  # the text the findings index
    values = redacted_values(text, result.findings)
    left = 0
    if result.redacted_content is not None:
        back = read_back(result.redacted_content, result.redacted_media_type or "")
        left = sum(1 for v in values if len(v) >= LEAK_MIN_CHARS and still_readable(v, back))
    return {
        **row,
        "status": "processed",
        "pages": max([loc.get("page", 1) for loc in result.locations] + [1]),
        "findings": len(result.findings),
        "redactions": sum(len(loc.get("boxes", [])) for loc in result.locations),
        "values": len(values),
        "values_left": left,
        "bytes_out": len(result.redacted_content or b""),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="files per folder (0: all)")
    parser.add_argument("--only", choices=("pdf", "images"), help="one folder only")
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent")
        return 0
    logging.basicConfig(level=logging.ERROR)
    files = sorted(PDFS.glob("*.[pP][dD][fF]")) if PDFS.is_dir() else []
    images = sorted(p for p in IMAGES.glob("*") if p.suffix.lower() in (".jpg", ".png", ".tif"))
    if args.limit:
        files, images = files[: args.limit], images[: args.limit]
    files = [] if args.only == "images" else files
    images = [] if args.only == "pdf" else images
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            overrides={
                "audit_dir": f"{tmp}/audit",
                "data_dir": f"{tmp}/var",
                "keys_dir": f"{tmp}/keys",
            }
        )
        pipeline = Pipeline.from_settings(settings)
        rows = [run_one(pipeline, p) for p in [*files, *images]]
    for row in rows:
        from pypdfium2 import PdfDocument

        path = (PDFS if row["file"] in {f.name for f in files} else IMAGES) / str(row["file"])
        if path.parent == PDFS:
            row["pages"] = len(PdfDocument(path.read_bytes()))
    header = f"{'file':<44} {'pages':>5} {'found':>6} {'boxes':>6} {'secs':>7} {'left':>5}"
    print(header)
    print("-" * len(header))
    for r in rows:
        name = str(r["file"])[:44]
        if r["status"] != "processed":
            print(f"{name:<44} {r['status']}")
            continue
        print(
            f"{name:<44} {r['pages']:>5} {r['findings']:>6} {r['redactions']:>6} "
            f"{r['seconds']:>7} {r['values_left']:>5}"
        )
    done = [r for r in rows if r["status"] == "processed"]
    total = {
        "files": len(rows),
        "processed": len(done),
        "pages": sum(int(r["pages"]) for r in done),  # type: ignore[call-overload]
        "findings": sum(int(r["findings"]) for r in done),  # type: ignore[call-overload]
        "redactions": sum(int(r["redactions"]) for r in done),  # type: ignore[call-overload]
        "seconds": round(sum(float(r["seconds"]) for r in rows), 1),  # type: ignore[arg-type]
        "values_left": sum(int(r["values_left"]) for r in done),  # type: ignore[call-overload]
    }
    print("-" * len(header))
    print(
        f"{'total (' + str(total['processed']) + '/' + str(total['files']) + ' processed)':<44} "
        f"{total['pages']:>5} {total['findings']:>6} {total['redactions']:>6} "
        f"{total['seconds']:>7} {total['values_left']:>5}"
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "redact_files.json"
    out.write_text(json.dumps({"total": total, "files": rows}, indent=2) + "\n")
    print(f"wrote {out}")
    return 1 if total["values_left"] else 0


if __name__ == "__main__":
    sys.exit(main())
