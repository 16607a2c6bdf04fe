"""Fixtures for the web tests: the app on a real SQLite database, a token per role, a policy
that holds every document for review. Imported by tests/test_web*.py and tests/test_api*.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from classifier.ml.text_classifier import TextClassifier
from classifier.pipeline import Pipeline
from classifier.security.access import ROLES
from classifier.security.tokens import create_token
from classifier.stages.detect import Detector
from tests.conftest import DEFAULT_POLICY, make_pipeline
from web import create_app
from web.state import service


def review_policy(tmp_path: Path) -> Path:
    """The default policy, except that every document is held for review."""
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    text = text.replace("min_confidence: 0.5", "min_confidence: 1.0")
    path = tmp_path / "review-all.yaml"
    path.write_text(text.replace("name: default", "name: review-all"), encoding="utf-8")
    return path


@pytest.fixture
def web_settings(test_settings, tmp_path: Path) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {**test_settings, "keys_dir": str(tmp_path / "keys")}


@pytest.fixture
def app(pipeline: Pipeline, web_settings: dict) -> Flask:  # type: ignore[type-arg]
    app = create_app(web_settings, pipeline=pipeline)
    app.config["TESTING"] = True
    yield app
    service_of(app).close()


@pytest.fixture
def review_app(model: TextClassifier, detector: Detector, web_settings: dict, tmp_path: Path):  # type: ignore[no-untyped-def,type-arg]
    from classifier.settings import load_settings

    settings = load_settings(overrides=web_settings, environ={})
    pipeline = make_pipeline(model, detector, settings, review_policy(tmp_path))
    app = create_app(web_settings, pipeline=pipeline)
    app.config["TESTING"] = True
    yield app
    service_of(app).close()


def service_of(app: Flask):  # type: ignore[no-untyped-def]
    with app.app_context():
        return service()


def tokens_for(app: Flask) -> dict[str, str]:
    store = service_of(app).store
    return {role: create_token(store, role, f"test-{role}")[1] for role in ROLES}


@pytest.fixture
def tokens(app: Flask) -> dict[str, str]:
    return tokens_for(app)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def client(app: Flask, tokens: dict[str, str]) -> FlaskClient:
    """A client that sends the submitter's token with every request."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {tokens['submitter']}"
    return client
