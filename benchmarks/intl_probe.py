#!/usr/bin/env python3
"""A DEVELOPMENT probe of identifiers in international formats in everyday-document snippets
(letters, invoices, statements, court filings, e-mails, HR forms, referral notes, receipts):
phones of many countries, national and tax IDs, passports, driving licences, postcodes, dates
in other languages and shapes, network identifiers, e-mails, URLs and names of many cultures,
and negative snippets (amounts, clause numbers, citations, product codes). The snippets and
values are written here, apart from the generator's (classifier/training/everyday.yaml).

The rules were chosen on this probe: its figures are development figures, not held-out ones.

Ours runs as benchmarks/pii_eval.py runs it (the default policy, every detection pack: no
classification), scored by ../shared/eval/eval_pii.py with the family as each gold span's type.

usage: benchmarks/intl_probe.py [--show-misses]
Prints per-family recall and leaks; writes benchmarks/results/intl_probe.json (the gold and
predictions under benchmarks/results/intl/).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import intl_probe_data  # noqa: E402
from scoring import EVAL, eval_pii  # noqa: E402

MARK = re.compile(r"⟦(.*?)⟧(?:\{(\w+)\})?")


def parse(family: str, marked: str) -> tuple[str, list[dict[str, Any]]]:
    """The text of a marked snippet and its gold spans: ⟦value⟧ is a span of `family`,
    ⟦value⟧{other} one of family `other`."""
    text, spans, last = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[last : m.start()]
        spans.append({"start": len(text), "end": len(text) + len(m[1]), "type": m[2] or family})
        text += m[1]
        last = m.end()
    return text + marked[last:], spans


def snippets() -> list[dict[str, Any]]:
    """Every family's values, each in one of the family's frames (in turn)."""
    docs = []
    for family, (values, frames) in intl_probe_data.FAMILIES.items():
        for i, value in enumerate(values):
            frame = frames[i % len(frames)]
            marked = frame.replace("{v}", value if "⟦" in value else f"⟦{value}⟧")
            text, spans = parse(family, marked)
            docs.append({"id": f"{family}-{i:02d}", "family": family, "text": text,
                         "spans": spans})  # fmt: skip
    for i, marked in enumerate(intl_probe_data.NEGATIVES):
        text, spans = parse("negative", marked)
        docs.append({"id": f"negative-{i:02d}", "family": "negative", "text": text, "spans": spans})
    return docs


def write_gold(docs: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({k: d[k] for k in ("id", "text", "spans")}, ensure_ascii=False))
            f.write("\n")


def negative_findings(docs: list[dict[str, Any]], pred: Path) -> dict[str, list[str]]:
    """Per negative snippet, the text of the findings outside its gold spans (its only spans)."""
    by_id = {d["id"]: d for d in docs if d["family"] == "negative"}
    out: dict[str, list[str]] = {}
    for line in pred.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        doc = by_id.get(rec["id"])
        if doc is None:
            continue
        gold = {(s["start"], s["end"]) for s in doc["spans"]}
        extra = [f for f in rec["findings"] if (f["start"], f["end"]) not in gold]
        if extra:
            out[rec["id"]] = [f"{f['entity_type']}" for f in extra]
    return out


def misses(docs: list[dict[str, Any]], pred: Path) -> list[str]:
    """The gold spans not wholly covered by findings, with the redacted snippet (development
    view: the probe's own made-up values)."""
    preds = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines()]
    out = []
    for d, p in zip(docs, preds, strict=True):
        covered = {i for f in p["findings"] for i in range(f["start"], f["end"])}
        for s in d["spans"]:
            left = [i for i in range(s["start"], s["end"]) if i not in covered]
            if any(not d["text"][i].isspace() for i in left):
                value = d["text"][s["start"] : s["end"]]
                out.append(f"{s['type']:<16} {value!r:<32} -> {p['redacted_text']!r}")
    return out


def table(per_type: dict[str, Any]) -> None:
    print(f"{'family':<18}{'spans':>6}{'char_rec':>9}{'span_rec':>9}{'leaked':>8}")
    for family, m in sorted(per_type.items()):
        print(f"{family:<18}{m['spans']:>6}{m['char_recall']:>9.3f}{m['span_recall']:>9.3f}"
              f"{m['leaked']:>5}/{m['leak_eligible']:<3}")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--show-misses", action="store_true", help="print the values left in clear")
    ap.add_argument("--tagger", default="", help="PHI tagger under models/ (none: spaCy NER)")
    a = ap.parse_args()
    if not (EVAL / "eval_pii.py").is_file():
        print(f"skipped: {EVAL / 'eval_pii.py'} is absent")
        return 0
    import pii_eval

    from classifier.policy.rules import load_policy

    work = RESULTS / "intl"
    work.mkdir(parents=True, exist_ok=True)
    docs = snippets()
    gold, pred = work / "gold.jsonl", work / "pred-ours.jsonl"
    write_gold(docs, gold)
    ours = pii_eval.Ours(a.tagger, load_policy(pii_eval.POLICY))
    ms = pii_eval.predict(ours, [{**d, "domain": ""} for d in docs], pred)
    _report, m = eval_pii(gold, pred, work / "metrics.json")
    table(m["per_type"])
    overall = {k: m[k] for k in pii_eval.METRICS}
    print(f"\n{len(docs)} snippets, {m['n_spans']} spans: "
          + ", ".join(f"{k} {v:.4f}" for k, v in overall.items() if v is not None))  # fmt: skip
    extra = negative_findings(docs, pred)
    print(f"negative snippets with a finding: {len(extra)} of "
          f"{sum(d['family'] == 'negative' for d in docs)}")  # fmt: skip
    if a.show_misses:
        print("\n".join(misses(docs, pred)))
        for doc_id, types in extra.items():
            print(f"negative {doc_id}: {types}")
    out = {"note": "development probe: rules were chosen on it (not a held-out figure)",
           "n_snippets": len(docs), "n_spans": m["n_spans"], **overall,
           "ms_per_doc": round(ms, 1), "negatives_with_findings": sorted(extra),
           "per_family": m["per_type"]}  # fmt: skip
    (RESULTS / "intl_probe.json").write_text(json.dumps(out, indent=1))
    print(f"wrote {RESULTS / 'intl_probe.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
