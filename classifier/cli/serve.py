"""`classifier serve`: the web UI and REST API under waitress (and the watched folder beside it
when `watch_dir` is set). `web.create_app` starts the process with `bootstrap`, as it does
when another WSGI server imports it."""

from __future__ import annotations

import argparse
import os
import signal
from typing import Any

from classifier.cli.options import add_service_options, settings_of
from classifier.settings import Settings, request_body_limit


def run(args: argparse.Namespace) -> int:
    import waitress

    from web import create_app

    settings = settings_of(args)
    app = create_app(dict(settings))
    audit = app.extensions["pipeline"].audit
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    audit.record(
        "service.started",
        source="serve",
        outcome="success",
        host=settings.host,
        port=settings.port,
        pid=os.getpid(),
    )
    if settings.watch_dir and settings.broker_url:  # claims sent to workers (watch/queued.py)
        from classifier.watch import queued

        queued.start_in_background(settings, audit)
    elif settings.watch_dir:  # the watched folder beside the web service (watch/watcher.py)
        from classifier.watch.watcher import start_in_background

        start_in_background(app.extensions["pipeline"], settings)
    print(f"serving on http://{settings.host}:{settings.port}", flush=True)
    try:
        waitress.serve(app, **waitress_options(settings))
    finally:  # jobs not started stay queued for the next start; a checkpoint ends the trail
        app.extensions["service"].close()
        audit.record("service.stopped", source="serve", outcome="success", pid=os.getpid())
        audit.release()  # a checkpoint ends the trail; the node's claim is given up
    return 0


def waitress_options(settings: Settings) -> dict[str, Any]:
    """How waitress serves the app. `max_request_body_size` refuses an upload over the limit
    with 413 before its body is read: at once from its Content-Length, or, for a chunked
    body, as soon as the bytes received pass it (waitress otherwise buffers the whole body
    before the app sees the request)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "threads": settings.threads,
        "ident": "classifier",
        "max_request_body_size": request_body_limit(settings),
    }


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)


def register(sub: Any) -> None:
    p = sub.add_parser("serve", help="serve the web UI and REST API (waitress)")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    add_service_options(p)
    p.set_defaults(handler=run)
