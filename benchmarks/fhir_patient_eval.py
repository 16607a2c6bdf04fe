#!/usr/bin/env python3
"""Patient-aware scrubbing (docs/fhir.md): how much of the patient's own name the pipeline
redacts with and without a FHIR Patient supplied, on the PhysioNet notes that name their
patient (gold type PTName).

The Patient of a note is what a records system would know: a HumanName per distinct PTName
mention of the same patient (`patient` field) in the development file, its words as given
and family names. Each note goes through the shipped pipeline (default policy) twice, as
a FHIR submission would: without and with the Patient's known values
(classifier/detection/known_values.py); then the same notes typed in lower case. Scored by
../shared/eval/eval_pii.py (span recall, character recall and precision, leak rate per gold
type), called, never copied.

usage: benchmarks/fhir_patient_eval.py
Prints a table and writes benchmarks/results/fhir_patient_eval.json (git-ignored). Exits 0
with a message when ../shared is absent.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "data" / "pii" / "physionet_deid_dev.jsonl"
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))

from benchmarks.scoring import eval_pii  # noqa: E402
from classifier.detection.known_values import KnownValuesDetector  # noqa: E402
from classifier.fhir.patient import known_values  # noqa: E402
from classifier.pipeline import Pipeline  # noqa: E402
from classifier.settings import load_settings  # noqa: E402

TYPE = "PTName"


def patients(notes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """A FHIR Patient per patient id, named by its PTName mentions across the file."""
    names: dict[str, set[str]] = defaultdict(set)
    for note in notes:
        for span in note["spans"]:
            if span["type"] == TYPE:
                names[note["patient"]].add(span["text"].strip())
    return {
        pid: {
            "resourceType": "Patient",
            "name": [{"given": m.split()[:-1], "family": m.split()[-1]} for m in sorted(mentions)],
        }
        for pid, mentions in names.items()
    }


def lowered(note: dict[str, Any]) -> dict[str, Any]:
    """The note as typed in lower case (offsets unchanged): names no capital letter marks."""
    spans = [{**s, "text": s["text"].lower()} for s in note["spans"]]
    return {**note, "text": note["text"].lower(), "spans": spans}


def run(pipeline: Pipeline, notes: list[dict[str, Any]], with_patient: bool, out: Path) -> None:
    by_patient = patients(notes)
    with out.open("w", encoding="utf-8") as f:
        for note in notes:
            used = pipeline
            if with_patient:
                known = known_values(by_patient[note["patient"]])
                used = pipeline.replace(detector=KnownValuesDetector(pipeline.detector, known))
            result = used.process_text(note["text"], doc_id=note["id"])
            f.write(json.dumps(result.as_record()) + "\n")  # type: ignore[union-attr]


def main() -> int:
    if not GOLD.is_file():
        print(f"{GOLD} is absent: nothing to measure")
        return 0
    notes = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    named = [n for n in notes if any(s["type"] == TYPE for s in n["spans"])]
    sets = {"as written": named, "lower case": [lowered(n) for n in named]}
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        settings = load_settings(overrides={"data_dir": str(work / "var")}, environ={})
        pipeline = Pipeline.from_settings(settings)
        for name, chosen in sets.items():
            gold = work / f"{name}.gold.jsonl"
            gold.write_text("".join(json.dumps(n) + "\n" for n in chosen), encoding="utf-8")
            for variant, flag in (("detection alone", False), ("with Patient", True)):
                predictions = work / f"{name}.{flag}.jsonl"
                run(pipeline, chosen, flag, predictions)
                metrics_file = work / f"{name}.{flag}.metrics.json"
                rows[f"{name}, {variant}"] = eval_pii(gold, predictions, metrics_file)[1]
    spans = sum(1 for n in named for s in n["spans"] if s["type"] == TYPE)
    print(f"{len(named)} PhysioNet dev notes naming their patient ({spans} {TYPE} spans)")
    header = (
        "set, variant",
        "PTName span recall",
        "PTName leak rate",
        "char recall",
        "char precision",
    )
    print(" | ".join(header))
    for variant, m in rows.items():
        per = m["per_type"][TYPE]
        values = (per["span_recall"], per["leak_rate"], m["char_recall"], m["char_precision"])
        print(" | ".join([variant, *(f"{v:.3f}" for v in values)]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "fhir_patient_eval.json"
    out.write_text(json.dumps({"notes": len(named), "spans": spans, "metrics": rows}, indent=2))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
