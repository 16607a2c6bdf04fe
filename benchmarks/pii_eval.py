#!/usr/bin/env python3
"""PII/PHI detection and redaction over ../shared/data/pii, scored by the shared script.

Runs the Detector exactly as the pipeline does (the default policy's threshold and allow/deny
lists via classifier.stages.decide, overlaps resolved and text replaced by
classifier.stages.redact), writes one prediction JSONL per gold file in the batch schema (dummy
label fields), then calls `python3 ../shared/eval/eval_pii.py GOLD PRED.jsonl` (never copied).
With --stock, stock Presidio (small spaCy model, predefined recognizers only) runs over the
same documents as a baseline. Latency: median ms per detection of the 510-word
../shared/data/pii/sample_note.txt, for each detector, in the same run.

Both sets are split in halves by patient (crc32 of the patient id; a synthetic sentence is its
own patient): `--split tune` (the half the recognizers were tuned and the PHI tagger trained
on, for `classifier train-tagger --split tune`), `--split check` (the other half), `--split all`.
`--tagger NAME` picks the PHI tagger under models/ (default: the shipped one; `none`: spaCy's
NER as before the tagger).

usage: benchmarks/pii_eval.py [--split all] [--stock] [--limit N] [--only physionet|synth]
                              [--tagger NAME|none]
Prints a table and writes benchmarks/results/pii_eval.json (git-ignored). Exits 0 with a
message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
PII = SHARED / "data" / "pii"
EVAL_PII = SHARED / "eval" / "eval_pii.py"
PHYSIONET = PII / "physionet_deid_dev.jsonl"
SYNTH = PII / "presidio_synth_dataset_v2.json"
SAMPLE = PII / "sample_note.txt"
RESULTS = ROOT / "benchmarks" / "results"
POLICY = ROOT / "policies" / "default.yaml"
sys.path.insert(0, str(ROOT))

from classifier.document import Classification, Finding  # noqa: E402
from classifier.policy.rules import Policy, load_policy  # noqa: E402
from classifier.settings import load_settings  # noqa: E402
from classifier.stages import decide, redact  # noqa: E402
from classifier.stages.detect import SPACY_MODEL, Detector, build_analyzer, load_tagger  # noqa: E402
from classifier.training.split import is_tune_group  # noqa: E402

Detect = Callable[[str], list[Finding]]
DUMMY = Classification(label="benchmark", domain="clinical", confidence=1.0)


def load_physionet(split: str) -> list[dict[str, Any]]:
    rows = []
    with PHYSIONET.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            tune = is_tune_group(str(row.get("patient", row["id"])))
            if split == "all" or (split == "tune") == tune:
                rows.append(row)
    return rows


def load_synth(split: str) -> list[dict[str, Any]]:
    """The presidio-research JSON as gold rows, with the ids eval_pii.py gives it
    (<stem>-<index:05d>)."""
    rows = []
    for i, r in enumerate(json.loads(SYNTH.read_text(encoding="utf-8"))):
        doc_id = f"{SYNTH.stem}-{i:05d}"
        if split == "all" or (split == "tune") == is_tune_group(doc_id):
            spans = [
                {"start": s["start_position"], "end": s["end_position"], "type": s["entity_type"]}
                for s in r["spans"]
            ]
            rows.append({"id": doc_id, "text": r["full_text"], "spans": spans})
    return rows


def stock_presidio() -> Detect:
    """Stock Presidio: the small spaCy model and the predefined recognizers, nothing else."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    engine.load()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])

    def run(text: str) -> list[Finding]:
        return [
            Finding(r.start, r.end, r.entity_type, float(r.score))
            for r in analyzer.analyze(text, language="en")
        ]

    return run


def ours(tagger_name: str) -> Callable[[], Detect]:
    def build() -> Detect:
        settings = load_settings(environ={})
        tagger = load_tagger(settings.models_dir, tagger_name)
        return Detector(build_analyzer(tagger), tagger).detect

    return build


def record(doc_id: str, text: str, findings: list[Finding], policy: Policy) -> dict[str, Any]:
    decision = decide.decide(policy, DUMMY, text, findings)
    resolved = redact.resolve_overlaps(decision.findings)
    return {
        "id": doc_id,
        "label": DUMMY.label,
        "domain": DUMMY.domain,
        "confidence": DUMMY.confidence,
        "sensitivity": decision.sensitivity,
        "action": decision.action,
        "findings": [f.as_dict() for f in decision.findings],
        "redacted_text": redact.redact_text(text, resolved, decision.operators),
    }


def predict(detect: Detect, docs: list[dict[str, Any]], out: Path, policy: Policy) -> float:
    """Write predictions; return mean ms per document."""
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for d in docs:
            rec = record(d["id"], d["text"], detect(d["text"]), policy)
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return (time.perf_counter() - started) * 1000 / max(1, len(docs))


def score(gold: Path, pred: Path, metrics: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(EVAL_PII), str(gold), str(pred), "--json", str(metrics)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"eval_pii.py failed ({proc.returncode}): {proc.stderr[-2000:]}")
    print(proc.stdout)
    result: dict[str, Any] = json.loads(metrics.read_text())
    return result


def latency(detect: Detect, repeats: int) -> float:
    text = SAMPLE.read_text(encoding="utf-8")
    detect(text)  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        detect(text)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--split", choices=("tune", "check", "all"), default="all")
    ap.add_argument("--stock", action="store_true", help="also run stock Presidio (baseline)")
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0: all)")
    ap.add_argument("--only", choices=("physionet", "synth"), help="one gold set only")
    ap.add_argument("--repeats", type=int, default=20, help="latency repetitions")
    ap.add_argument("--tagger", default="", help="PHI tagger under models/ (none: spaCy NER)")
    a = ap.parse_args()
    if not (PHYSIONET.is_file() and SYNTH.is_file() and EVAL_PII.is_file()):
        print(f"skipped: {PII} or {EVAL_PII} is absent")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    policy = load_policy(POLICY)

    sets: dict[str, tuple[Path, list[dict[str, Any]]]] = {}
    if a.only in (None, "physionet"):
        rows = load_physionet(a.split)[: a.limit or None]
        gold = RESULTS / f"physionet-{a.split}-gold.jsonl"
        if a.split != "all" or a.limit:
            with gold.open("w", encoding="utf-8") as f:
                f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        else:
            gold = PHYSIONET
        sets["physionet"] = (gold, rows)
    if a.only in (None, "synth"):
        docs = load_synth(a.split)
        if a.limit:
            raise SystemExit("--limit applies to physionet only (use --only physionet)")
        gold = SYNTH
        if a.split != "all":
            gold = RESULTS / f"synth-{a.split}-gold.jsonl"
            with gold.open("w", encoding="utf-8") as f:
                f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in docs)
        sets["synth"] = (gold, docs)

    detectors: dict[str, Callable[[], Detect]] = {"ours": ours(a.tagger)}
    if a.stock:
        detectors = {"stock": stock_presidio, **detectors}
    table: dict[str, dict[str, Any]] = {}
    for name, factory in detectors.items():
        detect = factory()
        row: dict[str, Any] = {}
        for set_name, (gold, docs) in sets.items():
            pred = RESULTS / f"pii-{name}-{set_name}-{a.split}.jsonl"
            print(f"== {name} on {set_name} ({len(docs)} documents)")
            ms = predict(detect, docs, pred, policy)
            m = score(gold, pred, RESULTS / f"pii-{name}-{set_name}-{a.split}-metrics.json")
            row[set_name] = {
                k: m[k] for k in ("char_recall", "char_precision", "span_recall", "leak_rate")
            }
            row[set_name]["ms_per_doc"] = round(ms, 1)
            row[set_name]["per_type"] = m["per_type"]
        row["sample_note_ms"] = round(latency(detect, a.repeats), 1) if SAMPLE.is_file() else None
        table[name] = row

    print(f"\n{'detector':<8}{'set':<11}{'char_rec':>9}{'char_prec':>10}{'span_rec':>9}"
          f"{'leak':>7}{'ms/doc':>8}")  # fmt: skip
    for name, row in table.items():
        for set_name in sets:
            v = row[set_name]
            print(
                f"{name:<8}{set_name:<11}{v['char_recall']:>9.3f}{v['char_precision']:>10.3f}"
                f"{v['span_recall']:>9.3f}{v['leak_rate'] or 0:>7.3f}{v['ms_per_doc']:>8.1f}"
            )
        print(f"{name:<8}sample_note.txt (510 words): {row['sample_note_ms']} ms median")
    out = RESULTS / "pii_eval.json"
    meta = {"split": a.split, "policy": policy.version, "tagger": a.tagger or "default"}
    out.write_text(json.dumps({**meta, **table}, indent=1))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
