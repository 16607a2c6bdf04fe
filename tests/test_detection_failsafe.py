"""The fail-safe rule and the drop counts: a filter judges only what the tagger or a validated
recognizer is not sure of, and every drop is counted per filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.detection import filters
from classifier.detection.failsafe import SURE_AT, protected
from classifier.document import Finding
from classifier.pipeline import Pipeline
from classifier.stages.detect import Detector

TEXT = "BP 32/15 on arrival; CPAP PS 5/5 overnight"


def _date(value: str, score: float, recognizer: str) -> Finding:
    start = TEXT.index(value)
    return Finding(start, start + len(value), "DATE_TIME", score, recognizer)


@pytest.mark.parametrize(
    ("score", "recognizer", "kept"),
    [
        (0.99, "PhiTaggerRecognizer", True),  # the tagger, sure: no filter drops it
        (SURE_AT, "PhiTaggerRecognizer", True),
        (0.6, "PhiTaggerRecognizer", False),  # unsure: the date-shape filter judges it
        (0.99, "SomeGuessingRecognizer", True),  # no tagger date: the shape filter passes it
    ],
)
def test_a_sure_finding_passes_every_filter(score: float, recognizer: str, kept: bool) -> None:
    finding = _date("32/15", score, recognizer)
    drops = filters.DropCounts()
    out = filters.run(filters.PLAUSIBILITY, [finding], filters.FilterContext(TEXT), drops)
    assert out == ([finding] if kept else [])
    assert dict(drops.counts) == ({} if kept else {"tagger_date_shape": 1})


def test_a_validated_recognizer_is_protected_a_guess_is_not() -> None:
    assert protected(Finding(0, 5, "IBAN_CODE", 1.0, "IbanRecognizer"))
    assert not protected(Finding(0, 5, "IBAN_CODE", 0.5, "IbanRecognizer"))
    assert not protected(Finding(0, 5, "PERSON", 0.99, "TitledNameRecognizer"))


def test_each_drop_is_counted_per_filter_in_the_report(detector: Detector) -> None:
    text = "Daughter KRISSY called. MS INCISION dry. PEEP 10/5/50. CPAP PS 5/5 overnight."
    report = detector.report(text, 0.0)
    assert report.drops == {"unconfirmed_guess": 1}  # MS INCISION
    assert report.findings == detector.detect(text, 0.0)


def test_the_pipeline_reports_drops_to_its_observer(pipeline: Pipeline) -> None:
    seen: list[tuple[str, int]] = []
    observed = pipeline.replace(observe_drops=lambda name, n: seen.append((name, n)))
    observed.process_text("son WILL CALL. MS INCISION dry")
    assert dict(seen) == {"unconfirmed_guess": 1}


def test_policy_explain_shows_the_drops(pipeline: Pipeline, tmp_path: Path) -> None:
    from classifier.policy.explain import explain

    doc = tmp_path / "note.txt"
    text = "Daughter KRISSY called. MS INCISION dry. PEEP 10/5/50. CPAP PS 5/5 overnight.\n"
    doc.write_text(text)
    lines = explain(pipeline, doc)
    assert "filters dropped 1: unconfirmed_guess 1" in lines
    assert not any(v in line for line in lines for v in ("KRISSY", "5/5", "INCISION"))
