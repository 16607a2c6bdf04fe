"""The Flask adapter: app factory, API and UI blueprints. The core never imports this."""

from __future__ import annotations

from typing import Any

from flask import Flask

from classifier.pipeline import Pipeline
from classifier.settings import load_settings


def create_app(
    test_config: dict[str, Any] | None = None, pipeline: Pipeline | None = None
) -> Flask:
    """Build the app. `test_config` overrides settings; `pipeline` reuses a loaded pipeline."""
    settings = load_settings(overrides=test_config)
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_document_bytes + 64 * 1024
    app.extensions["settings"] = settings
    app.extensions["pipeline"] = pipeline or Pipeline.from_settings(settings)

    from web import api, ui

    app.register_blueprint(api.bp)
    app.register_blueprint(ui.bp)
    return app
