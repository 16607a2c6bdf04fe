"""The Flask adapter: app factory, API and UI blueprints. The core never imports this."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Flask, Response

from classifier.bootstrap import bootstrap
from classifier.pipeline import Pipeline
from classifier.security.keys import load_or_create_key
from classifier.service.documents import DocumentService
from classifier.settings import load_settings

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def create_app(
    test_config: dict[str, Any] | None = None, pipeline: Pipeline | None = None
) -> Flask:
    """Build the app. `test_config` overrides settings. Without `pipeline`, as when a WSGI
    server imports this (`waitress-serve --call web:create_app`, gunicorn), the process is
    started here with `bootstrap`: egress guard, log filter, models loaded once. A caller
    that passes a loaded `pipeline` (tests sharing one model) has started the process itself."""
    settings = load_settings(overrides=test_config)
    if pipeline is None:
        pipeline = bootstrap(settings).pipeline
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_document_bytes + 64 * 1024,
        SECRET_KEY=load_or_create_key(Path(settings.keys_dir) / "session.key"),
        SESSION_COOKIE_NAME="classifier_session",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
    )
    app.extensions["settings"] = settings
    service = DocumentService(settings, pipeline)
    app.extensions["pipeline"] = service.pipeline  # the one feeding the service's metrics
    app.extensions["service"] = service

    from web import api, api_audit, api_review, auth, errors, pages, ui

    auth.init_app(app)
    errors.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(api_review.bp)
    app.register_blueprint(api_audit.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(pages.bp)

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
