"""Shared fixtures: the real shipped model, real Presidio, temporary audit and data folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from classifier.audit.log import AuditLog
from classifier.ml.text_classifier import TextClassifier, resolve_model_dir
from classifier.pipeline import Pipeline
from classifier.policy.rules import load_policy
from classifier.settings import ROOT, load_settings
from classifier.stages.detect import Detector, load_tagger

FIXTURES = Path(__file__).parent / "fixtures"
DEFAULT_POLICY = ROOT / "policies" / "default.yaml"


@pytest.fixture(scope="session")
def model() -> TextClassifier:
    return TextClassifier(resolve_model_dir(ROOT / "models"), threads=1)


@pytest.fixture(scope="session")
def detector() -> Detector:
    """As the pipeline builds it: the shipped PHI tagger with our recognizers."""
    return Detector(tagger=load_tagger(ROOT / "models", ""))


@pytest.fixture(scope="session")
def spacy_detector() -> Detector:
    """As with `phi_tagger = none`: spaCy's NER and the recognizers the tagger replaces."""
    return Detector()


@pytest.fixture
def test_settings(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_settings(
        overrides={
            "audit_dir": str(tmp_path / "audit"),
            "data_dir": str(tmp_path / "var"),
            "keys_dir": str(tmp_path / "keys"),
        },
        environ={},
    )


def make_pipeline(model: TextClassifier, detector: Detector, settings, policy: Path) -> Pipeline:  # type: ignore[no-untyped-def]
    """A pipeline on the session's loaded model and detector, with these settings and policy."""
    return Pipeline(
        model=model,
        detector=detector,
        policy=load_policy(policy),
        audit=AuditLog.from_settings(settings),
        quarantine_dir=Path(settings.data_dir) / "quarantine",
        max_document_bytes=settings.max_document_bytes,
        max_text_chars=settings.max_text_chars,
        keys_dir=Path(settings.keys_dir),
    )


@pytest.fixture
def pipeline(model: TextClassifier, detector: Detector, test_settings) -> Pipeline:  # type: ignore[no-untyped-def]
    return make_pipeline(model, detector, test_settings, DEFAULT_POLICY)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With TESTS_FAIL_ON_SKIP=1 (set by .ci/run) a skipped test fails the run: in CI an OCR,
    browser or serving-environment test that skips is a test that did not run."""
    if os.environ.get("TESTS_FAIL_ON_SKIP") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped and exitstatus == 0:
        print(f"\n{skipped} test(s) skipped with TESTS_FAIL_ON_SKIP=1: failing the run")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
