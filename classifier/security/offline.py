"""Offline flags, set by the service itself before any library that could phone home loads.

Imported first by `classifier/__init__.py`, so every entry point (CLI, WSGI, tests) gets them.
"""

from __future__ import annotations

import os

OFFLINE_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    # tldextract (pulled in by Presidio's e-mail recognizer) would fetch the public suffix list.
    "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
    "TLDEXTRACT_CACHE": "",
    # onnxruntime's native 1DS telemetry (libcurl, beyond the Python egress guard's sight);
    # without this it starts a session and writes $TMPDIR/.ses on every model load.
    "ORT_DISABLE_TELEMETRY": "1",
}


def force_offline() -> None:
    """Set every offline flag; a site cannot turn them back on through the environment."""
    os.environ.update(OFFLINE_ENVIRONMENT)
