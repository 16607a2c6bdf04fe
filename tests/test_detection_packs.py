"""Detection packs per domain: the classification's domain picks them, the general pack is
always on, an uncertain or unknown domain gets them all."""

from __future__ import annotations

import pytest

from classifier.detection import packs
from classifier.document import Classification
from classifier.stages.detect import Detector

EVERY = ("general", "clinical", "finance", "legal")


def _c(domain: str, confidence: float) -> Classification:
    return Classification("x", domain, confidence)


@pytest.mark.parametrize(
    ("classification", "chosen"),
    [
        (None, EVERY),
        (_c("clinical", 0.95), ("general", "clinical")),
        (_c("finance", 0.95), ("general", "finance")),
        (_c("legal", packs.DOMAIN_SURE_AT), ("general", "legal")),
        (_c("legal", packs.DOMAIN_SURE_AT - 0.01), EVERY),  # uncertain: the union
        (_c("none", 0.99), EVERY),  # no pack of its own
    ],
)
def test_the_domain_picks_the_packs(
    classification: Classification | None, chosen: tuple[str, ...]
) -> None:
    assert packs.pack_names() == EVERY
    assert packs.packs_for(classification) == chosen


def test_a_pack_turns_its_recognizers_and_filters_on_and_the_others_off() -> None:
    finance = packs.selection(("general", "finance"))
    assert "CaseNumberRecognizer" in finance.off and "MedicalRecordNumberRecognizer" in finance.off
    assert "AccountNumberRecognizer" not in finance.off
    assert "date_setting_or_score" not in finance.filters and "phone_shape" in finance.filters
    assert packs.selection(EVERY).off == frozenset()


def test_the_detector_uses_the_packs_of_the_domain(spacy_detector: Detector) -> None:
    text = "Case No. 2021/CV/0457 filed. MRN: 00482913. Call 617-555-0199."
    legal = spacy_detector.report(text, 0.4, _c("legal", 0.9))
    every = spacy_detector.report(text, 0.4)
    assert legal.packs == ("general", "legal") and every.packs == EVERY

    def recognizers(report: object) -> set[str]:
        return {f.recognizer for f in report.findings}  # type: ignore[attr-defined]

    assert "MedicalRecordNumberRecognizer" in recognizers(every)
    assert "MedicalRecordNumberRecognizer" not in recognizers(legal)
    assert "CaseNumberRecognizer" in recognizers(legal)
    found = {text[f.start : f.end] for f in legal.findings}  # the general pack is on
    assert {"2021/CV/0457", "00482913", "617-555-0199"} <= found  # the labels find the MRN


def test_a_sure_filter_applies_only_where_a_sure_classification_chose_its_pack() -> None:
    assert "region_alone" in packs.selection(("general", "clinical")).filters
    assert "region_alone" not in packs.selection(EVERY).filters  # uncertain: states stay
    assert "region_alone" not in packs.selection(("general", "finance")).filters
