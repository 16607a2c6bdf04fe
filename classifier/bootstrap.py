"""One start-up for every entry point: the CLI commands, `classifier serve`, the watched
folder, and `web.create_app` when another WSGI server imports it
(`waitress-serve --call web:create_app`, gunicorn).

    secure_process(settings)  the egress guard (security/egress.py) and the log filter that
                              keeps document text and parsers' messages out of the logs
                              (security/log_redaction.py): before any document is read
    bootstrap(settings)       the same, then the models and policy loaded once: a Runtime
                              holding the pipeline

Both are idempotent: a second call with the same settings returns the same Runtime, so the CLI,
`serve` and `create_app` can each call it without loading the models twice.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from classifier.security import egress, log_redaction
from classifier.settings import Settings

if TYPE_CHECKING:
    from classifier.pipeline import Pipeline

_lock = threading.Lock()
_runtimes: dict[tuple[tuple[str, Any], ...], Runtime] = {}


@dataclass(frozen=True)
class Runtime:
    """What an entry point needs after start-up."""

    settings: Settings
    pipeline: Pipeline


def secure_process(settings: Mapping[str, Any]) -> None:
    """Install the egress guard and the log filter (once per process; repeat calls only
    refresh the guard's allowlist and audit folder)."""
    egress.install_for_settings(settings)
    log_redaction.install()


def bootstrap(settings: Settings) -> Runtime:
    """`secure_process`, then the pipeline built once for these settings."""
    secure_process(settings)
    key = tuple(sorted(settings.items()))
    with _lock:
        runtime = _runtimes.get(key)
        if runtime is None:
            from classifier.pipeline import Pipeline  # after the guard: it loads the libraries

            runtime = Runtime(settings, Pipeline.from_settings(settings))
            _runtimes[key] = runtime
    return runtime
