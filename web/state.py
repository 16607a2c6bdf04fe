"""The service objects the blueprints share, kept on `app.extensions`."""

from __future__ import annotations

from flask import current_app

from classifier.security.throttle import LoginThrottle
from classifier.service.documents import DocumentService


def service() -> DocumentService:
    svc: DocumentService = current_app.extensions["service"]
    return svc


def login_throttle() -> LoginThrottle:
    throttle: LoginThrottle = current_app.extensions["login_throttle"]
    return throttle
