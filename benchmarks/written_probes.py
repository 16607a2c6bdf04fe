#!/usr/bin/env python3
"""Sets of everyday documents written by hand (by helpers who read neither the detector nor
../shared), with gold spans, scored as the hidden checks score: the documents go through
`classifier batch` (the whole pipeline: classification, detection packs, the default policy,
redaction) and ../shared/eval/eval_pii.py scores the output.

    benchmarks/probes/office_probe.jsonl  90 office documents of 31 locales (invoices,
        statements, payslips, forms, letters, chats, tickets, referral letters), 1,405 values
    benchmarks/probes/prose_probe.jsonl   100 documents with identifiers in running prose
        (e-mails, notes, reports, chats, letters; 11 English locales and 9 other languages)
    benchmarks/probes/unseen_probe.jsonl  120 documents of 24 kinds the classifier never saw
        (recipes, poems, READMEs, patents, CVs, ...; 23 written close to a known kind): the
        share sent to out_of_scope or review (open-set recognition, issue 17), all of it
        scored, no half (no rule was chosen on it)
    benchmarks/probes/notes_probe.jsonl   100 clinical notes as clinicians write them (ICU and
        ward nursing notes, discharge summaries, triage, telephone, referral notes; 7 English
        locales and 10 notes in 5 other languages), 1,363 values (round 7)
    benchmarks/probes/records_probe.jsonl 100 structured exports of 53 locales (CSV, TSV, JSON,
        XML, HL7 v2, vCard, iCalendar, logs, e-mail headers, labels, statements), 2,845 values
    benchmarks/probes/identity_probe.jsonl 100 forms, letters and contracts of 70 locales (68 in
        the local language) with national identifiers, IBANs, cards, phones, addresses of
        many countries (most with valid check digits), 2,368 values

Each set is cut in two by its document number: rules are chosen on the odd-numbered half
(`tune`); the even-numbered half (`check`) is printed only with --final, to be read once.

    benchmarks/written_probes.py [--final] [--sets office,prose] [--classifier PATH]

Prints char recall / precision / span recall / leak rate per set and half, and per gold type;
writes benchmarks/results/written_probes.json (predictions under results/probes/). Exits 0 with
a message when ../shared/eval is absent.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EVAL = ROOT.parent / "shared" / "eval" / "eval_pii.py"
RESULTS = HERE / "results"
PROBES = HERE / "probes"
SETS = {
    "office": PROBES / "office_probe.jsonl",
    "prose": PROBES / "prose_probe.jsonl",
    "unseen": PROBES / "unseen_probe.jsonl",
    "notes": PROBES / "notes_probe.jsonl",
    "records": PROBES / "records_probe.jsonl",
    "identity": PROBES / "identity_probe.jsonl",
}


def _half(doc: dict[str, Any]) -> str:
    return "tune" if int(doc["id"].rsplit("-", 1)[1]) % 2 else "check"


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def _score(gold: Path, pred: Path) -> dict[str, Any]:
    out = RESULTS / "probes" / (pred.stem + ".metrics.json")
    subprocess.run(
        [sys.executable, str(EVAL), str(gold), str(pred), "--json", str(out)],
        check=True,
        capture_output=True,
    )
    return dict(json.loads(out.read_text("utf-8")))


def _batch(name: str, docs: list[dict[str, Any]], classifier: str) -> dict[str, dict[str, Any]]:
    """`classifier batch` over `docs`: its output by id."""
    work = RESULTS / "probes"
    work.mkdir(parents=True, exist_ok=True)
    _write(work / f"{name}-in.jsonl", [{"id": d["id"], "text": d["text"]} for d in docs])
    out = work / f"{name}-out.jsonl"
    subprocess.run(
        [classifier, "batch", str(work / f"{name}-in.jsonl"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return {p["id"]: p for p in map(json.loads, out.read_text("utf-8").splitlines())}


def _docs(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run_unseen(path: Path, classifier: str) -> dict[str, Any]:
    """The share of documents of unseen kinds sent to out_of_scope or review, overall, for those
    written close to a known kind, and the misses (kind, label, confidence)."""
    docs = _docs(path)
    preds = _batch("unseen", docs, classifier)

    def caught(d: dict[str, Any]) -> bool:
        p = preds[d["id"]]
        return bool(p["label"] == "out_of_scope" or p["action"] == "review")

    near = [d for d in docs if d.get("near")]
    misses = [
        (d["kind"], preds[d["id"]]["label"], round(preds[d["id"]]["confidence"], 2))
        for d in docs
        if not caught(d)
    ]
    return {
        "documents": len(docs),
        "caught": sum(map(caught, docs)) / len(docs),
        "near_documents": len(near),
        "near_caught": sum(map(caught, near)) / max(1, len(near)),
        "misses": misses,
    }


def run_set(name: str, path: Path, classifier: str, halves: list[str]) -> dict[str, Any]:
    work = RESULTS / "probes"
    docs = _docs(path)
    preds = _batch(name, docs, classifier)
    scores = {}
    for half in halves:
        part = [d for d in docs if _half(d) == half]
        _write(work / f"{name}-{half}-gold.jsonl", part)
        _write(work / f"{name}-{half}-pred.jsonl", [preds[d["id"]] for d in part])
        scores[half] = _score(
            work / f"{name}-{half}-gold.jsonl", work / f"{name}-{half}-pred.jsonl"
        )
    return scores


def _row(name: str, half: str, m: dict[str, Any]) -> str:
    c = m["counts"]
    return (
        f"{name:8} {half:6} {m['char_recall']:8.3f} {m['char_precision']:9.3f}"
        f" {m['span_recall']:8.3f} {m['leak_rate']:6.3f}  {c['leaked']}/{c['leak_eligible']}"
    )


def _types(m: dict[str, Any]) -> str:
    return "  ".join(
        f"{t} {v['char_recall']:.3f} ({v['leaked']}/{v['leak_eligible']})"
        for t, v in sorted(m["per_type"].items())
    )


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--final", action="store_true", help="also score the check halves")
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--classifier", default=str(ROOT / ".venv" / "bin" / "classifier"))
    a = ap.parse_args()
    if not EVAL.exists():
        print(f"skipped: {EVAL} is absent")
        return 0
    halves = ["tune", "check"] if a.final else ["tune"]
    results = {}
    print("set      half     char_rec char_prec span_rec   leak  leaked/eligible")
    for name in a.sets.split(","):
        if not SETS[name].exists():
            print(f"{name}: {SETS[name]} is absent")
            continue
        if name == "unseen":
            u = results[name] = run_unseen(SETS[name], a.classifier)
            print(
                f"unseen kinds to out_of_scope or review: {u['caught']:.1%} of {u['documents']}"
                f" ({u['near_caught']:.1%} of the {u['near_documents']} written close to a known"
                f" kind); missed: {u['misses']}"
            )
            continue
        results[name] = run_set(name, SETS[name], a.classifier, halves)
        for half, m in results[name].items():
            print(_row(name, half, m))
            print(f"         by type: {_types(m)}")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "written_probes.json").write_text(json.dumps(results, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
