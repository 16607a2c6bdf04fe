"""Egress guard for Python child processes of the service.

`classifier.security.egress.install()` puts this folder first on PYTHONPATH, so Python runs
this file at start-up in every child: it installs the parent's guard (allowlist and audit
folder from the environment). Where the `classifier` package is not importable (another
interpreter or virtual environment), the guard module is loaded from its file.
"""

from __future__ import annotations

import importlib.util
import os
from types import ModuleType


def _guard() -> ModuleType:
    try:
        import classifier.security.egress as guard
    except ImportError:
        path = os.path.join(
            os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "egress.py"
        )
        spec = importlib.util.spec_from_file_location("classifier_egress_guard", path)
        if spec is None or spec.loader is None:
            raise
        guard = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(guard)
    return guard


_guard().install_from_environment()
