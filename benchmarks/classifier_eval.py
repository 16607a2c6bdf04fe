#!/usr/bin/env python3
"""The shipped classifier on the reporting slice of ../shared/data/corpus, against a TF-IDF +
logistic-regression baseline trained and scored in the same run, then the honest checks.

Slices (benchmarks/corpus_slices.py): the reporting slice is the validation split; the fusion
weight, the temperature and the open-set threshold are fitted on the separate calibration slice
(the manifest and open_set.json say so; the run prints where each was fitted).

Scores both with ../shared/eval/eval_cls.py (called, never copied): accuracy, macro-F1,
per-class F1, confusion matrix, domain accuracy, out-of-scope handling. Adds the expected
calibration error, a reliability diagram (PNG, when matplotlib is installed), and latency:
p50/p95 at batch 1 and throughput at batch 16 for the shipped int8 ONNX model and for the
same encoder architecture in PyTorch fp32 (needs the [train] extra), 256 tokens, same run.

With a distilled model (its manifest names a teacher under models/), the teacher is scored in
the same run too, and the table gives the student's speed-up over the teacher in PyTorch fp32.

Then (each can be skipped): the open-set checks of benchmarks/open_set_eval.py (threshold
refitted on the calibration slice, in-scope review rate on the reporting slice, leave-one-
source-out, unseen_kinds_dev), and grouped cross-validation of the heads on the frozen encoder
(benchmarks/grouped_cv.py): mean, spread and minimum of per-class F1 and macro-F1 over folds,
the TF-IDF + LR baseline among them. Both read the encoder's outputs from a cache outside the
project (benchmarks/embedding_cache.py; built on first use, a few minutes).

usage: .venv-dev/bin/python benchmarks/classifier_eval.py [--model-dir models/NAME]
           [--teacher-dir models/NAME] [--no-latency] [--no-open-set] [--no-cv]
Writes benchmarks/results/classifier_eval.json; exits 0 with a message when ../shared is absent.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus_slices import CORPUS, RESULTS, read_jsonl, slice_of  # noqa: E402
from scoring import eval_cls  # noqa: E402

from classifier.ml.text_classifier import TextClassifier, resolve_model_dir  # noqa: E402
from classifier.policy.rules import load_policy  # noqa: E402
from classifier.training.scores import expected_calibration_error  # noqa: E402


def _split() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(fit + calibration slices, reporting slice)."""
    rows = read_jsonl(CORPUS)
    return [r for r in rows if slice_of(r["id"]) != "reporting"], [
        r for r in rows if slice_of(r["id"]) == "reporting"
    ]


def _score(gold: Path, preds: list[dict[str, Any]], name: str) -> dict[str, Any]:
    pred_path, metrics_path = RESULTS / f"cls-{name}.jsonl", RESULTS / f"cls-{name}-metrics.json"
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds))
    report, metrics = eval_cls(gold, pred_path, metrics_path)
    print(f"--- {name}\n{report}")
    return metrics


def baseline(train: list[dict[str, Any]], val: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, max_features=50000)
    x = vec.fit_transform([r["text"] for r in train])
    lr = LogisticRegression(max_iter=2000).fit(x, [r["label"] for r in train])
    pred = lr.predict(vec.transform([r["text"] for r in val]))
    domains = {r["label"]: r["domain"] for r in train}
    return [
        {"id": r["id"], "label": p, "domain": domains[p], "action": "redact"}
        for r, p in zip(val, pred, strict=True)
    ]


def shipped(model: TextClassifier, val: list[dict[str, Any]], min_confidence: float):  # type: ignore[no-untyped-def]
    """The labels as served, review when the policy's threshold or the open-set rule
    (classifier/ml/open_set.py) holds the document, and the calibrated probabilities."""
    results = [
        c
        for i in range(0, len(val), 16)
        for c in model.classify_batch([r["text"] for r in val[i : i + 16]])
    ]
    probs = np.array([list(c.scores.values()) for c in results])
    preds = []
    for r, c in zip(val, results, strict=True):
        review = c.label == "out_of_scope" or c.confidence < min_confidence or bool(c.open_set)
        preds.append(
            {
                "id": r["id"],
                "label": c.label,
                "domain": c.domain,
                "confidence": c.confidence,
                "action": "review" if review else "redact",
            }
        )
    return preds, probs


def reliability_png(probs: np.ndarray, gold: np.ndarray, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    conf, correct = probs.max(1), probs.argmax(1) == gold
    edges = np.linspace(0, 1, 11)
    xs, ys = [], []
    for lo, hi in itertools.pairwise(edges):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            xs.append(conf[m].mean())
            ys.append(correct[m].mean())
    fig, ax = plt.subplots(figsize=(4, 4))
    ax.plot([0, 1], [0, 1], "--", color="grey")
    ax.plot(xs, ys, "o-")
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title("reliability (validation split)")
    fig.tight_layout()
    fig.savefig(path)
    return True


def _latency(run, texts: list[str]) -> dict[str, float]:  # type: ignore[no-untyped-def]
    run(texts[:2])
    single = []
    for t in texts[:60]:
        started = time.perf_counter()
        run([t])
        single.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    for i in range(0, 64, 16):
        run(texts[i : i + 16])
    throughput = 64 / (time.perf_counter() - started)
    q = statistics.quantiles(single, n=20)
    return {
        "p50_ms": round(statistics.median(single), 1),
        "p95_ms": round(q[18], 1),
        "docs_per_s_batch16": round(throughput, 1),
    }


def torch_fp32_runner(model: TextClassifier):  # type: ignore[no-untyped-def]
    try:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from classifier.training.train import default_base
    except ImportError:
        return None
    torch.set_num_threads(2)
    base = default_base()
    tok = AutoTokenizer.from_pretrained(base)
    net = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(model.labels)
    ).eval()

    def run(texts: list[str]) -> None:
        with torch.inference_mode():
            net(**tok(texts, truncation=True, max_length=256, padding=True, return_tensors="pt"))

    return run


def _teacher_dir(model: TextClassifier, requested: str) -> Path | None:
    """--teacher-dir, or the model the shipped one was distilled from, if it is under models/."""
    if requested:
        return Path(requested)
    teacher = (model.manifest.get("teacher") or {}).get("model")
    path = ROOT / "models" / str(teacher)
    return path if teacher and path.is_dir() else None


def _encoder_only(model: TextClassifier):  # type: ignore[no-untyped-def]
    return lambda texts: model.encoder_logits(texts)


def _summary(m: dict[str, Any]) -> dict[str, Any]:
    return {
        "macro_f1": round(m["macro_f1"], 4),
        "accuracy": round(m["accuracy"], 4),
        "domain_accuracy": round(m["domain_accuracy"], 4),
        "oos_handled": m["oos_handled"],
    }


def _in_scope_review(val: list[dict[str, Any]], preds: list[dict[str, Any]]) -> float:
    """Share of the reporting slice's in-scope documents sent to review or out_of_scope."""
    flags = [
        p["action"] == "review" or p["label"] == "out_of_scope"
        for r, p in zip(val, preds, strict=True)
        if r["label"] != "out_of_scope"
    ]
    return round(sum(flags) / len(flags), 4)


def fitted_where(model: TextClassifier) -> dict[str, str]:
    """Where the model's fusion weight, temperature and open-set threshold were fitted."""
    m = model.manifest
    calibrated = (m.get("training") or {}).get("calibration_percent", 0)
    where = (
        f"calibration slice ({m.get('calibration_documents')} documents)"
        if calibrated
        else "validation split = reporting slice (optimistic)"
    )
    open_set = (
        model.open_set and json.loads((model.model_dir / "open_set.json").read_text())
    ) or {}
    return {
        "fusion weight and temperature": where,
        "open-set threshold": str(open_set.get("chosen_by", "no open-set rule")),
    }


def run_latency(
    model: TextClassifier, teacher: TextClassifier | None, val: list[dict[str, Any]]
) -> dict[str, Any]:
    texts = [r["text"] for r in val]
    long_texts = [t for t in texts if len(t) > 3000] or texts  # all fill the 256-token window
    latency = {
        "shipped int8 ONNX, encoder + lexical": _latency(model.classify_batch, long_texts),
        "shipped int8 ONNX, encoder alone": _latency(_encoder_only(model), long_texts),
    }
    if teacher is not None:
        latency["teacher int8 ONNX, encoder alone"] = _latency(_encoder_only(teacher), long_texts)
    torch_run = torch_fp32_runner(model)
    if torch_run:
        latency["teacher PyTorch fp32 (6 layers), 256 tokens"] = _latency(torch_run, long_texts)
    print(
        f"\n{'latency, batch 1 (long documents)':<48}{'p50 ms':>8}{'p95 ms':>8}{'docs/s @16':>11}"
    )
    for name, lat in latency.items():
        print(f"{name:<48}{lat['p50_ms']:>8}{lat['p95_ms']:>8}{lat['docs_per_s_batch16']:>11}")
    out: dict[str, Any] = {"latency": latency}
    fp32 = latency.get("teacher PyTorch fp32 (6 layers), 256 tokens")
    if fp32:
        out["speedup_vs_teacher_fp32"] = {
            name: round(fp32["p50_ms"] / latency[name]["p50_ms"], 2) for name in list(latency)[:2]
        }
        print(f"speed-up over the teacher in PyTorch fp32 (p50): {out['speedup_vs_teacher_fp32']}")
    return out


def run_cv(model: TextClassifier, repeats: int = 1) -> dict[str, Any]:
    """Grouped cross-validation of the heads (benchmarks/grouped_cv.py) on cached features."""
    import grouped_cv
    from open_set_eval import arrays

    cache = arrays(model)
    corpus = np.flatnonzero(cache["slice"] != "unseen")
    rows = [cache["rows"][i] for i in corpus]
    features = {
        "tfidf": cache["tfidf"][corpus],
        "first": cache["first"][corpus],
        "mean": cache["mean"][corpus],
    }
    unseen_by_encoder = cache["slice"][corpus] != "fit"
    print(
        f"\ngrouped cross-validation ({grouped_cv.FOLDS} folds x {repeats} partitions,"
        f" {len(rows)} documents):"
    )
    note_weight = model.note_types.weight if model.note_types else 0.0
    cv = grouped_cv.run_cv(
        rows, features, model.lexical_weight, unseen_by_encoder, note_weight, repeats
    )
    grouped_cv.print_table(cv, sorted({r["label"] for r in rows}))
    return cv


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--model-dir", default="", help="default: the model models/ACTIVE names")
    ap.add_argument("--teacher-dir", default="", help="default: the shipped model's teacher")
    ap.add_argument("--policy", default=str(ROOT / "policies" / "default.yaml"))
    ap.add_argument("--no-latency", action="store_true", help="skip the latency comparison")
    ap.add_argument("--no-open-set", action="store_true", help="skip the open-set checks")
    ap.add_argument("--no-cv", action="store_true", help="skip grouped cross-validation")
    ap.add_argument(
        "--cv-repeats", type=int, default=1, help="grouped CV partitions (seeds 13, 14, ...)"
    )
    a = ap.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is absent")
        return 0
    RESULTS.mkdir(parents=True, exist_ok=True)
    train, val = _split()
    gold = RESULTS / "cls-gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in val))
    min_confidence = load_policy(a.policy).min_confidence
    model = TextClassifier(
        Path(a.model_dir) if a.model_dir else resolve_model_dir(ROOT / "models"), threads=2
    )
    preds, probs = shipped(model, val, min_confidence)
    index = {lab.name: i for i, lab in enumerate(model.labels)}
    gold_idx = np.array([index[r["label"]] for r in val])
    m_model = _score(gold, preds, "shipped")
    scores = {"shipped": _summary(m_model)}
    scores["shipped"]["ece"] = round(expected_calibration_error(probs, gold_idx), 4)
    scores["shipped"]["in_scope_review"] = _in_scope_review(val, preds)
    base_preds = baseline(train, val)
    scores["tfidf_baseline"] = _summary(_score(gold, base_preds, "tfidf-baseline"))
    scores["tfidf_baseline"]["in_scope_review"] = _in_scope_review(val, base_preds)
    teacher_dir = _teacher_dir(model, a.teacher_dir)
    teacher = TextClassifier(teacher_dir, threads=2) if teacher_dir else None
    if teacher is not None:
        t_preds, t_probs = shipped(teacher, val, min_confidence)
        scores["teacher"] = _summary(_score(gold, t_preds, "teacher"))
        scores["teacher"]["ece"] = round(expected_calibration_error(t_probs, gold_idx), 4)
        scores["teacher"]["in_scope_review"] = _in_scope_review(val, t_preds)
    png = RESULTS / "reliability.png"
    row: dict[str, Any] = {
        "model": model.version,
        "teacher": teacher.version if teacher else None,
        "reporting_slice": f"validation split, {len(val)} documents",
        "fitted_on": fitted_where(model),
        "scores": scores,
        "reliability_png": str(png) if reliability_png(probs, gold_idx, png) else None,
        "per_class_f1": {k: round(v["f1"], 3) for k, v in m_model["per_class"].items()},
    }
    print(f"\nreporting slice: {row['reporting_slice']}; fitted on: {row['fitted_on']}")
    print(f"{'':<18}" + "".join(f"{name:>16}" for name in scores))
    for key in ("macro_f1", "accuracy", "domain_accuracy", "oos_handled", "in_scope_review", "ece"):
        print(f"{key:<18}" + "".join(f"{v.get(key, '-')!s:>16}" for v in scores.values()))
    if not a.no_latency:
        row.update(run_latency(model, teacher, val))
    if not a.no_open_set and model.lexical is not None:
        import open_set_eval

        row["open_set"] = open_set_eval.evaluate(model, min_confidence)
        open_set_eval.print_tables(row["open_set"])
    if not a.no_cv and model.lexical is not None:
        row["grouped_cv"] = run_cv(model, a.cv_repeats)
    (RESULTS / "classifier_eval.json").write_text(json.dumps(row, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
