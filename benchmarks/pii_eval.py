#!/usr/bin/env python3
"""PII/PHI detection and redaction, ours beside stock Presidio in one run, scored by
../shared/eval/eval_pii.py (called, never copied): character recall, precision, span recall and
leak rate, overall and per gold type, on

  physionet-tune   the PhysioNet notes of the tune half (by patient): choose every rule and
                   threshold here;
  synth            Presidio's 1,500 synthetic sentences;
  everyday         generated everyday documents (letters, invoices, statements, court filings,
                   contracts, e-mails, clinical notes, receipts, HR forms) of the templates that
                   training never sees (classifier/training/everyday.py), also per value format
                   (phone, date and ID shapes) and per document kind;
  everyday-long    the first --long everyday documents as one text without a line break
                   (500 make one text of about 130,000 characters, cut by the 50,000-character
                   detection chunks);
  physionet-tune-a only when named in --sets: the mirror, for a `--split tune-b` tagger;
  physionet-tune-b only when named in --sets: the quarter of the tune half a tagger trained
                   with `train-tagger --split tune-a` never saw (rules for unseen notes);
  everyday-tune    only when named in --sets: --everyday documents of the TRAIN templates
                   (another seed than training's), where everyday rules are chosen;
  physionet-check  only with --final: the other half, to be looked at once, at the end.

Ours runs as the pipeline does (the default policy's threshold and lists via
classifier.stages.decide, overlaps resolved and text replaced by classifier.stages.redact);
stock Presidio is AnalyzerEngine with its predefined recognizers and the small spaCy model,
anonymized by presidio-anonymizer with its defaults: nothing of ours. The ablation turns each
named filter of the detector (classifier/detection/filters.py FILTERS) off in turn and reports
what that changes on the tune half, synth and everyday, with each filter's drop count.
Speed is measured on distinct pages by benchmarks/detect_speed.py, not here.

usage: benchmarks/pii_eval.py [--final] [--everyday N] [--long N] [--limit N] [--no-stock]
                              [--no-ablation] [--sets a,b] [--tagger NAME|none]
Prints tables and writes benchmarks/results/pii_eval.json (pii_eval-SETS.json with --sets,
-limitN with --limit; the gold views and predictions under results/pii/; git-ignored). Exits 0
with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "pii"
POLICY = ROOT / "policies" / "default.yaml"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pii_ablation  # noqa: E402
import pii_sets  # noqa: E402
import pii_tables  # noqa: E402
from scoring import EVAL, eval_pii  # noqa: E402

from classifier.document import Classification, Finding  # noqa: E402
from classifier.policy.rules import Policy, load_policy  # noqa: E402
from classifier.settings import load_settings  # noqa: E402
from classifier.stages import decide, redact  # noqa: E402
from classifier.stages.detect import SPACY_MODEL, Detector, load_tagger  # noqa: E402

DUMMY = Classification(label="benchmark", domain="clinical", confidence=1.0)
DOMAINS = ("clinical", "finance", "legal")  # the classifier's; general documents have none
METRICS = ("char_recall", "char_precision", "span_recall", "doc_recall", "leak_rate")
ABLATION_SETS = ("physionet-tune", "synth", "everyday")
# Redact: (the text, its domain or "") -> (findings as dicts, redacted text)
Redact = Callable[[str, str], tuple[list[dict[str, Any]], str]]


def stock_presidio() -> Redact:
    """Stock Presidio analyze + anonymize: predefined recognizers, the small spaCy model, the
    anonymizer's default operator, every finding the analyzer returns."""
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_anonymizer import AnonymizerEngine

    engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": SPACY_MODEL}])
    engine.load()
    analyzer = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    anonymizer = AnonymizerEngine()

    def run(text: str, _domain: str) -> tuple[list[dict[str, Any]], str]:
        results = analyzer.analyze(text, language="en")
        found = [Finding(r.start, r.end, r.entity_type, float(r.score)).as_dict() for r in results]
        return found, anonymizer.anonymize(text, results).text  # type: ignore[arg-type]

    return run


class Ours:
    """Our detector through the default policy and our redaction, as the pipeline runs them;
    adds up each named filter's drops where the detector reports them."""

    def __init__(self, tagger_name: str, policy: Policy) -> None:
        settings = load_settings(environ={})
        tagger = load_tagger(settings.models_dir, tagger_name, threads=settings.onnx_threads)
        self.detector = Detector(tagger=tagger)  # as classifier/pipeline.py builds it
        self.policy = policy
        self.drops: dict[str, int] = {}

    def findings(self, text: str, domain: str) -> list[Finding]:
        """The detector's findings; where it chooses detection packs by the classification, a
        document of a known domain is classified so, sure (any other gets none: all packs);
        each named filter's drops are added up where it reports them."""
        report: Any = getattr(self.detector, "report", None)
        method: Any = report or self.detector.detect
        extra: dict[str, Any] = {}
        if "classification" in inspect.signature(method).parameters and domain in DOMAINS:
            extra["classification"] = Classification("benchmark", domain, 1.0)
        if report is None:
            found: list[Finding] = method(text, **extra)
            return found
        result = report(text, **extra)
        for name, n in getattr(result, "drops", {}).items():
            self.drops[name] = self.drops.get(name, 0) + int(n)
        return list(result.findings)

    def __call__(self, text: str, domain: str) -> tuple[list[dict[str, Any]], str]:
        decision = decide.decide(self.policy, DUMMY, text, self.findings(text, domain))
        resolved = redact.resolve_overlaps(decision.findings)
        redacted = redact.redact_text(text, resolved, decision.operators)
        return [f.as_dict() for f in decision.findings], redacted


def predict(run: Redact, docs: list[dict[str, Any]], out: Path) -> float:
    """Write predictions in the batch schema (dummy label fields); return ms per document."""
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for d in docs:
            findings, redacted = run(d["text"], d.get("domain", ""))
            rec = {"id": d["id"], "label": DUMMY.label, "domain": DUMMY.domain,
                   "findings": findings, "redacted_text": redacted}  # fmt: skip
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return (time.perf_counter() - started) * 1000 / max(1, len(docs))


def score(gold: dict[str, Path], pred: Path) -> dict[str, Any]:
    """Metrics of one prediction file: overall (type view) and per type of every view."""
    out: dict[str, Any] = {}
    for view, path in gold.items():
        _report, m = eval_pii(path, pred, pred.with_suffix(f".{view}-metrics.json"))
        if view == "type":
            out.update({k: m[k] for k in METRICS})
            out["n_spans"] = m["n_spans"]
        out[f"per_{view}"] = m["per_type"]
    return out


def run_sets(
    run: Redact, name: str, sets: list[pii_sets.GoldSet], gold: dict[str, dict[str, Path]]
) -> dict[str, Any]:
    """Predictions of `run` on every set, next to the gold files, scored."""
    row: dict[str, Any] = {}
    for s in sets:
        print(f"== {name} on {s.name} ({len(s.docs)} documents)", flush=True)
        pred = gold[s.name]["type"].parent / f"pred-{name}-{s.name}.jsonl"
        before = dict(getattr(run, "drops", {}))
        ms = predict(run, s.docs, pred)
        row[s.name] = {**score(gold[s.name], pred), "ms_per_doc": round(ms, 1)}
        if hasattr(run, "drops"):  # per named filter, the findings it dropped on this set
            row[s.name]["drops"] = {k: n - before.get(k, 0) for k, n in run.drops.items()}
    return row


def ablation(ours: Ours, sets: list[pii_sets.GoldSet], gold: dict[str, dict[str, Path]],
             full: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    """Per named filter: its drops in the full run and the metrics without it, minus full."""
    filters = pii_ablation.registry()
    if filters is None:
        return {"skipped": f"{pii_ablation.FILTERS_MODULE} has no FILTERS registry"}
    chosen = [s for s in sets if s.name in ABLATION_SETS]
    out: dict[str, Any] = {}
    for name in sorted(filters):
        with pii_ablation.without(filters, name):
            row = run_sets(ours, f"without-{name}", chosen, gold)
        out[name] = {
            s: {
                "drops": full[s].get("drops", {}).get(name, 0),
                **{k: _delta(row[s][k], full[s][k]) for k in METRICS},
            }
            for s in row
        }
    return out


def _delta(without: float | None, full: float | None) -> float | None:
    return None if without is None or full is None else round(without - full, 4)


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--final", action="store_true", help="also score the PhysioNet check half")
    ap.add_argument("--everyday", type=int, default=500, help="generated held-out documents")
    ap.add_argument("--long", type=int, default=500, help="documents in the long text (0: none)")
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0: all)")
    ap.add_argument("--sets", default="", help="comma-separated set names (default: all)")
    ap.add_argument("--no-stock", action="store_true", help="skip stock Presidio")
    ap.add_argument("--no-ablation", action="store_true", help="skip the filter ablation")
    ap.add_argument("--tagger", default="", help="PHI tagger under models/ (none: spaCy NER)")
    return ap.parse_args()


def load_sets(a: argparse.Namespace) -> list[pii_sets.GoldSet]:
    everyday = pii_sets.everyday_heldout(max(a.everyday, a.long))
    shown = pii_sets.GoldSet(everyday.name, everyday.docs[: a.everyday], everyday.views)
    sets = [pii_sets.physionet("tune"), pii_sets.synth(), shown]
    if a.long:
        sets.append(pii_sets.one_long_line(everyday.docs[: a.long], "everyday-long"))
    for quarter in ("tune-a", "tune-b"):
        if a.sets and f"physionet-{quarter}" in a.sets.split(","):
            sets.append(pii_sets.physionet(quarter))
    if a.sets and "everyday-tune" in a.sets.split(","):
        sets.append(pii_sets.everyday_tune(a.everyday))
    if a.final:
        sets.append(pii_sets.physionet("check"))
    if a.sets:
        sets = [s for s in sets if s.name in a.sets.split(",")]
    if a.limit:
        print(f"SUBSAMPLED: the first {a.limit} documents of each set (--limit)")
        sets = [pii_sets.GoldSet(s.name, s.docs[: a.limit], s.views) for s in sets]
    return sets


def main() -> int:
    a = parse_args()
    if not (pii_sets.available() and (EVAL / "eval_pii.py").is_file()):
        print(f"skipped: {pii_sets.PII} or {EVAL / 'eval_pii.py'} is absent")
        return 0
    # the working files of this run (gold views, predictions, metrics), apart from other runs'
    work = RESULTS / ((a.sets.replace(",", "+") or "all") + (f"-limit{a.limit}" if a.limit else ""))
    work.mkdir(parents=True, exist_ok=True)
    policy = load_policy(POLICY)
    sets = load_sets(a)
    gold = {s.name: s.write_gold(work) for s in sets}
    table: dict[str, Any] = {}
    if not a.no_stock:
        started = time.perf_counter()
        stock = stock_presidio()
        table["stock"] = {"startup_s": round(time.perf_counter() - started, 1)}
        table["stock"].update(run_sets(stock, "stock", sets, gold))
    started = time.perf_counter()
    ours = Ours(a.tagger, policy)
    table["ours"] = {"startup_s": round(time.perf_counter() - started, 1)}
    if not a.no_ablation:
        pii_ablation.remember_analysis(ours.detector)
    table["ours"].update(run_sets(ours, "ours", sets, gold))
    if not a.no_ablation:
        table["ablation"] = ablation(ours, sets, gold, table["ours"])
    pii_tables.print_all(table, [s.name for s in sets], final=a.final)
    meta = {"policy": policy.version, "tagger": a.tagger or "default", "limit": a.limit,
            "everyday": {"n": a.everyday, "seed": pii_sets.EVERYDAY_SEED, "split": "heldout"},
            "sets": {s.name: len(s.docs) for s in sets}}  # fmt: skip
    out = RESULTS.parent / ("pii_eval.json" if work.name == "all" else f"pii_eval-{work.name}.json")
    out.write_text(json.dumps({**meta, **table}, indent=1))
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
