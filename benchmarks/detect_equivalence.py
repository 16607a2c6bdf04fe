"""Does a change to detection keep its output? The findings of this checkout's Detector against
those of a reference checkout (default ../main), on the same distinct texts:

  - PhysioNet development notes (../shared/data/pii/physionet_deid_dev.jsonl), the first --each;
  - corpus documents cut to 500-word pages (detect_speed.distinct_pages), --each of them;
  - everyday documents (classifier/training/everyday.py, generate(--each, seed=3, 'heldout')).

Each side runs in a process of its own (the reference with its checkout first on PYTHONPATH),
as the pipeline builds it (settings, the default PHI tagger), all packs (no classification).
Findings must match exactly: start, end, type, recognizer, validated; scores within 1e-6.

usage: benchmarks/detect_equivalence.py [--reference ../main] [--each 50]
Prints the texts that differ (ids and counts only, never text) and exits 1 if any does.
Exits 0 when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PHYSIONET = ROOT.parent / "shared" / "data" / "pii" / "physionet_deid_dev.jsonl"
SCORE_TOLERANCE = 1e-6
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def texts(each: int) -> list[tuple[str, str]]:
    """(id, text): `each` PhysioNet notes, corpus pages and everyday documents."""
    from detect_speed import distinct_pages

    from classifier.training.everyday import generate

    out: list[tuple[str, str]] = []
    with PHYSIONET.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.append((row["id"], row["text"]))
            if len(out) == each:
                break
    out += [(f"page-{i}", page) for i, page in enumerate(distinct_pages(each))]
    out += [(d["id"], d["text"]) for d in generate(each, seed=3, split="heldout")]
    return out


def dump(checkout: Path, inputs: Path, output: Path) -> int:
    """The findings of `checkout`'s Detector, per text id."""
    sys.path.insert(0, str(checkout))  # before this checkout (ROOT), which is on the path
    from classifier.settings import load_settings
    from classifier.stages.detect import Detector, load_tagger

    if not Path(sys.modules["classifier"].__file__ or "").is_relative_to(checkout.resolve()):
        raise SystemExit(f"classifier was not imported from {checkout}")

    settings = load_settings(environ={})
    tagger = load_tagger(settings.models_dir, settings.phi_tagger, threads=settings.onnx_threads)
    detector = Detector(tagger=tagger)
    found: dict[str, list[list[Any]]] = {}
    for line in inputs.open(encoding="utf-8"):
        row = json.loads(line)
        found[row["id"]] = [
            [f.start, f.end, f.entity_type, f.score, f.recognizer, f.validated]
            for f in detector.detect(row["text"])
        ]
    output.write_text(json.dumps(found), encoding="utf-8")
    return 0


def _run(checkout: Path, inputs: Path, output: Path) -> dict[str, list[list[Any]]]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    script = Path(__file__).resolve()
    subprocess.run(
        [sys.executable, str(script), "--dump", str(checkout), str(inputs), str(output)],
        env=env,
        cwd=checkout,
        check=True,
    )
    result: dict[str, list[list[Any]]] = json.loads(output.read_text(encoding="utf-8"))
    return result


def same(a: list[Any], b: list[Any]) -> bool:
    return a[:3] == b[:3] and a[4:] == b[4:] and abs(a[3] - b[3]) <= SCORE_TOLERANCE


def differences(
    ours: dict[str, list[list[Any]]], reference: dict[str, list[list[Any]]]
) -> dict[str, tuple[int, int]]:
    """Per text id whose findings differ: (findings only in ours, only in the reference)."""
    out = {}
    for text_id, ref in reference.items():
        mine = ours.get(text_id, [])
        only_ours = sum(1 for f in mine if not any(same(f, g) for g in ref))
        only_ref = sum(1 for g in ref if not any(same(f, g) for f in mine))
        if only_ours or only_ref or len(mine) != len(ref):
            out[text_id] = (only_ours, only_ref)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--reference", type=Path, default=ROOT.parent / "main")
    ap.add_argument("--each", type=int, default=50, help="texts of each kind")
    ap.add_argument(
        "--dump", nargs=3, type=Path, metavar=("CHECKOUT", "IN", "OUT"), help="internal"
    )
    a = ap.parse_args()
    if a.dump:
        return dump(*a.dump)
    if not PHYSIONET.is_file():
        print(f"skipped: {PHYSIONET} is absent")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "texts.jsonl"
        with inputs.open("w", encoding="utf-8") as f:
            for text_id, text in texts(a.each):
                f.write(json.dumps({"id": text_id, "text": text}) + "\n")
        reference = _run(a.reference.resolve(), inputs, Path(tmp) / "reference.json")
        ours = _run(ROOT, inputs, Path(tmp) / "ours.json")
    diff = differences(ours, reference)
    n = sum(len(v) for v in reference.values())
    for text_id, (only_ours, only_ref) in sorted(diff.items()):
        print(f"{text_id}: {only_ours} findings only in ours, {only_ref} only in the reference")
    print(f"{len(reference)} texts, {n} reference findings: {len(diff)} texts differ")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
