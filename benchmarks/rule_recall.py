"""The detector's RULE layer alone (no PHI tagger, no spaCy NER: the pattern recognizers, the
filters, name handling and propagation, through the default policy as pii_eval.py runs ours)
on the PhysioNet TUNE half: per gold type the scorer's figures, then the SHAPES of the gold
values the rules miss (digits 9, letters a/A: "(999) 999-9999") and of the findings that touch
no gold span, counted. Values are never printed.

usage: benchmarks/rule_recall.py [--limit N] [--top N]
Writes its working files under benchmarks/results/rules/ (git-ignored). Exits 0 with a message
when ../shared is absent. Never reads the check half.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pii_eval  # noqa: E402
import pii_sets  # noqa: E402

from classifier.detection.analyzer import tagger_recognizers  # noqa: E402
from classifier.detection.detector import Detector  # noqa: E402
from classifier.detection.engine import OnePassEngine  # noqa: E402
from classifier.policy.rules import Policy, load_policy  # noqa: E402

WORK = pii_eval.RESULTS.parent / "rules"
Span = tuple[int, int]


class RulesOnly(pii_eval.Ours):
    """pii_eval's Ours with the recognizers only: the one-pass engine over the predefined
    recognizers and ours less spaCy's NER, and no tagger (so none of its checks)."""

    def __init__(self, policy: Policy) -> None:
        detector = Detector(analyzer=OnePassEngine(tagger_recognizers()))
        detector.fixed_analyzer = False  # the packs still choose recognizers
        self.detector, self.policy, self.drops = detector, policy, {}


def shape(value: str) -> str:
    """`value` with every digit 9, every capital A, every other letter a."""
    return "".join(
        "9" if c.isdigit() else "A" if c.isupper() else "a" if c.isalpha() else c for c in value
    )


def covered_chars(text: str, span: Span, found: list[Span]) -> float:
    """The share of the non-blank characters of `span` inside any of `found`."""
    chars = [i for i in range(*span) if not text[i].isspace()]
    inside = sum(any(s <= i < e for s, e in found) for i in chars)
    return inside / max(1, len(chars))


def missed_and_stray(
    docs: list[dict[str, Any]], predictions: dict[str, list[Span]]
) -> tuple[dict[str, Counter[str]], Counter[str]]:
    """Per gold type the shapes of spans under half covered (the scorer's span recall), and
    the shapes of findings that overlap no gold span."""
    missed: dict[str, Counter[str]] = defaultdict(Counter)
    stray: Counter[str] = Counter()
    for d in docs:
        found, text = predictions.get(d["id"], []), d["text"]
        gold = [(s["start"], s["end"]) for s in d["spans"]]
        for s in d["spans"]:
            if covered_chars(text, (s["start"], s["end"]), found) < 0.5:
                missed[s["type"]][shape(text[s["start"] : s["end"]])] += 1
        for start, end in found:
            if not any(s < end and start < e for s, e in gold):
                stray[shape(text[start:end])] += 1
    return missed, stray


def read_predictions(path: Path) -> dict[str, list[Span]]:
    with path.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return {r["id"]: [(x["start"], x["end"]) for x in r["findings"]] for r in rows}


def print_report(metrics: dict[str, Any], missed: dict[str, Counter[str]],
                 stray: Counter[str], top: int) -> None:  # fmt: skip
    print(f"\nrule layer on physionet-tune: char_recall {metrics['char_recall']:.3f}  "
          f"char_precision {metrics['char_precision']:.3f}  span_recall "
          f"{metrics['span_recall']:.3f}  leak {metrics['leak_rate']:.3f}")  # fmt: skip
    print(f"\n{'type':<20}{'spans':>6}{'char_rec':>9}{'span_rec':>9}{'missed':>7}")
    for t, m in sorted(metrics["per_type"].items()):
        n = m.get("spans", 0)
        print(f"{t:<20}{n:>6}{m['char_recall']:>9.3f}{m['span_recall']:>9.3f}"
              f"{sum(missed.get(t, Counter()).values()):>7}")  # fmt: skip
    for t, shapes in sorted(missed.items()):
        print(f"\nmissed {t}:")
        for s, n in shapes.most_common(top):
            print(f"  {n:>3}  {s!r}")
    print(f"\nfindings on no gold span ({sum(stray.values())}), most common shapes:")
    for s, n in stray.most_common(top):
        print(f"  {n:>3}  {s!r}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="documents (0: all)")
    ap.add_argument("--top", type=int, default=40, help="shapes shown per list")
    a = ap.parse_args()
    if not (pii_sets.available() and (pii_eval.EVAL / "eval_pii.py").is_file()):
        print(f"skipped: {pii_sets.PII} or {pii_eval.EVAL / 'eval_pii.py'} is absent")
        return 0
    tune = pii_sets.physionet("tune")
    docs = tune.docs[: a.limit] if a.limit else tune.docs
    tune = pii_sets.GoldSet(tune.name, docs)
    WORK.mkdir(parents=True, exist_ok=True)
    gold = tune.write_gold(WORK)
    pred = WORK / "pred-rules-physionet-tune.jsonl"
    pii_eval.predict(RulesOnly(load_policy(pii_eval.POLICY)), docs, pred)
    _report, metrics = pii_eval.eval_pii(gold["type"], pred, pred.with_suffix(".metrics.json"))
    missed, stray = missed_and_stray(docs, read_predictions(pred))
    print_report(metrics, missed, stray, a.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
