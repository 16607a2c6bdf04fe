"""The Flask adapter: app factory, API and UI blueprints. The core never imports this."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from classifier.bootstrap import bootstrap
from classifier.pipeline import Pipeline
from classifier.security.keys import identity_key
from classifier.security.sessions import Sessions
from classifier.security.throttle import LoginThrottle
from classifier.service.documents import DocumentService
from classifier.service.fhir import FhirService
from classifier.settings import load_settings, request_body_limit
from web.sessions import ServerSessionInterface

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
        MAX_CONTENT_LENGTH=request_body_limit(settings),
        SESSION_COOKIE_NAME="classifier_session",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
    )
    app.extensions["settings"] = settings
    service = DocumentService(settings, pipeline)
    _init_access(app, service)
    app.extensions["pipeline"] = service.pipeline  # the one feeding the service's metrics
    app.extensions["service"] = service
    app.extensions["fhir"] = FhirService(service)

    from web import access_api, api, api_audit, api_review, auth, errors, fhir, pages, ui

    auth.init_app(app)
    errors.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(access_api.bp)
    app.register_blueprint(api_review.bp)
    app.register_blueprint(api_audit.bp)
    app.register_blueprint(ui.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(fhir.bp)

    @app.before_request
    def refuse_oversized_body() -> None:
        """413 from the declared Content-Length, before anything reads the body (a chunked
        body is cut off by the limited input stream once past the limit)."""
        declared = request.content_length
        if declared is not None and declared > request_body_limit(settings):
            raise RequestEntityTooLarge()

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app


def _init_access(app: Flask, service: DocumentService) -> None:
    """Server-side sessions and the login throttle, both kept in the state database."""
    settings = service.settings
    sessions = Sessions.from_settings(service.store, settings)
    sessions.purge()
    app.session_interface = ServerSessionInterface(sessions)
    app.extensions["sessions"] = sessions
    key = identity_key(settings.keys_dir)
    app.extensions["login_throttle"] = LoginThrottle.from_settings(service.store, key, settings)
