"""The parts of benchmarks/pii_eval.py that decide what its figures mean: the gold views that
give recall per format and per kind from one prediction file, and the ablation's switches."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import pii_ablation  # noqa: E402
import pii_sets  # noqa: E402
import scoring  # noqa: E402

EVERYDAY = pii_sets.everyday_heldout(30)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_view_keeps_the_offsets_and_names_the_format_or_kind(tmp_path: Path) -> None:
    paths = EVERYDAY.write_gold(tmp_path)
    assert set(paths) == {"type", "format", "kind", "culture"}
    by_view = {view: _rows(path) for view, path in paths.items()}
    for i, doc in enumerate(EVERYDAY.docs):
        offsets = [(s["start"], s["end"]) for s in doc["spans"]]
        for rows in by_view.values():
            assert [(s["start"], s["end"]) for s in rows[i]["spans"]] == offsets
        assert [s["type"] for s in by_view["format"][i]["spans"]] == [
            f"{s['type']}/{s['format']}" for s in doc["spans"]
        ]
        assert {s["type"] for s in by_view["kind"][i]["spans"]} <= {doc["kind"]}
        for gold, span in zip(by_view["culture"][i]["spans"], doc["spans"], strict=True):
            assert gold["type"] == (
                f"PERSON/{span['culture']}" if span["type"] == "PERSON" else span["type"]
            )


@pytest.mark.shared
@pytest.mark.skipif(not (scoring.EVAL / "eval_pii.py").is_file(), reason="../shared absent")
def test_the_scorer_reports_per_format_from_the_format_view(tmp_path: Path) -> None:
    """A prediction that finds and redacts exactly the phone numbers: every phone format is
    fully recalled in the format view, every other format not at all."""
    gold = EVERYDAY.write_gold(tmp_path)
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as f:
        for doc in EVERYDAY.docs:
            phones = [s for s in doc["spans"] if s["type"] == "PHONE_NUMBER"]
            text = doc["text"]
            for s in sorted(phones, key=lambda s: -s["start"]):
                text = text[: s["start"]] + "<PHONE>" + text[s["end"] :]
            findings = [{"start": s["start"], "end": s["end"], "entity_type": "PHONE_NUMBER",
                         "score": 1.0} for s in phones]  # fmt: skip
            f.write(json.dumps({"id": doc["id"], "findings": findings, "redacted_text": text}))
            f.write("\n")
    _report, metrics = scoring.eval_pii(gold["format"], pred, tmp_path / "m.json")
    per_format = metrics["per_type"]
    assert any(k.startswith("PHONE_NUMBER/") for k in per_format)
    for key, row in per_format.items():
        assert row["char_recall"] == (1.0 if key.startswith("PHONE_NUMBER/") else 0.0), key


def test_a_filter_switched_off_passes_everything_and_comes_back(monkeypatch) -> None:
    def drop_all(findings: list, _context: object) -> list:
        return []

    filters = {"drop_all": drop_all}
    with pytest.raises(RuntimeError), pii_ablation.without(filters, "drop_all"):
        assert filters["drop_all"]([1, 2], None) == [1, 2]
        raise RuntimeError("the run failed")
    assert filters["drop_all"] is drop_all
    monkeypatch.setattr(pii_ablation, "FILTERS_MODULE", "classifier.detection.no_such_module")
    assert pii_ablation.registry() is None


def test_remembered_analysis_computes_once_and_hands_out_fresh_lists() -> None:
    calls = []

    class Analyzer:
        def analyze(self, text: str, language: str = "en") -> list[str]:
            calls.append(text)
            return [text.upper()]

    class Detector:
        analyzer = Analyzer()
        tagger = None

    detector = Detector()
    pii_ablation.remember_analysis(detector)
    first = detector.analyzer.analyze("a", language="en")
    first.append("mutated")
    assert detector.analyzer.analyze("a", language="en") == ["A"]
    assert detector.analyzer.analyze("b", language="en") == ["B"]
    assert calls == ["a", "b"]
    later = Analyzer()  # an engine built after (one per choice of packs) is remembered apart
    assert later.analyze("a", language="en") == ["A"]
    assert later.analyze("a", language="en") == ["A"]
    assert calls == ["a", "b", "a"]


def test_the_long_text_keeps_every_value_at_its_offset_on_one_line() -> None:
    long = pii_sets.one_long_line(EVERYDAY.docs, "everyday-long")
    (doc,) = long.docs
    assert "\n" not in doc["text"]
    assert len(doc["spans"]) == sum(len(d["spans"]) for d in EVERYDAY.docs)
    assert all(doc["text"][s["start"] : s["end"]] == s["text"] for s in doc["spans"])
