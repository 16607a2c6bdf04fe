"""Presidio's recognizer classes without Presidio's package import, which loads spaCy (and, in a
development environment, transformers and torch): seconds of start-up the serving path with the
PHI tagger does not need (engine.py runs the recognizers without spaCy).

`load()` registers `presidio_analyzer` and the recognizer packages as modules whose package
`__init__` has not run yet ("deferred"), imports the core modules (Pattern, PatternRecognizer,
RecognizerResult, ...) and sets their names on the package, as its `__init__` would. Any other
use of Presidio runs the real `__init__`s first, in Presidio's own order: a name the core does
not define (`from presidio_analyzer import AnalyzerEngine`), a deferred package's name, or the
import of any other Presidio module (an import hook). So the rest of Presidio (the tagger-less
configuration, the reference engine, tests) works as usual. Nothing is done where Presidio is
imported already."""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import threading
from collections.abc import Sequence
from types import ModuleType
from typing import Any

PACKAGE = "presidio_analyzer"
# the core modules, in dependency order, and the names each gives the package
CORE = (
    ("analysis_explanation", ("AnalysisExplanation",)),
    ("recognizer_result", ("RecognizerResult",)),
    ("entity_recognizer", ("EntityRecognizer",)),
    ("local_recognizer", ("LocalRecognizer",)),
    ("pattern", ("Pattern",)),
    ("pattern_recognizer", ("PatternRecognizer",)),
)
# Modules that import a spaCy-based name for an annotation only: (package, name) lent to them
# as a placeholder while they are imported (IbanRecognizer's `nlp_artifacts: NlpArtifacts`)
ANNOTATION_ONLY = {"predefined_recognizers.generic.iban_recognizer": ("nlp_engine", "NlpArtifacts")}
_lock = threading.RLock()
_pending: dict[str, ModuleType] = {}  # deferred packages whose __init__ has not run
_loading = threading.local()  # set while load() imports what it chose


def _run_init(name: str) -> None:
    """Run the deferred package `name`'s real `__init__` (Presidio's own first)."""
    with _lock:
        if PACKAGE in _pending and name != PACKAGE:
            _run_init(PACKAGE)
        module = _pending.pop(name, None)
        if module is not None:
            assert module.__spec__ is not None and module.__spec__.loader is not None
            module.__spec__.loader.exec_module(module)


class _CompleteFirst(importlib.abc.MetaPathFinder):
    """Before any Presidio module load() did not choose is imported, Presidio's real
    `__init__` runs (it imports its modules in an order that avoids its import cycles)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: Any = None) -> None:
        loading = getattr(_loading, "on", False)
        if PACKAGE in _pending and fullname.startswith(f"{PACKAGE}.") and not loading:
            _run_init(PACKAGE)
        return None


def _deferred_package(name: str) -> ModuleType:
    """The package `name`, registered without running its `__init__`."""
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.loader is not None, name
    module = importlib.util.module_from_spec(spec)

    def __getattr__(attr: str) -> Any:
        if attr.startswith("__") or name not in _pending:
            raise AttributeError(f"module {name!r} has no attribute {attr!r}")
        _run_init(name)
        if attr in module.__dict__:
            return module.__dict__[attr]
        raise AttributeError(f"module {name!r} has no attribute {attr!r}")

    module.__getattr__ = __getattr__  # type: ignore[method-assign]
    _pending[name] = module
    sys.modules[name] = module
    if "." in name:
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)
    return module


def load(recognizer_modules: tuple[str, ...] = ()) -> None:
    """Presidio's core classes, and the modules `recognizer_modules` (under presidio_analyzer.),
    without its package imports; only imports where presidio_analyzer is imported already."""
    with _lock:
        _loading.on = True
        try:
            if PACKAGE not in sys.modules:
                sys.meta_path.insert(0, _CompleteFirst())
                package = _deferred_package(PACKAGE)
                for module, names in CORE:
                    loaded = importlib.import_module(f"{PACKAGE}.{module}")
                    for attr in names:
                        setattr(package, attr, getattr(loaded, attr))
                _without_pattern_check()
            for module in recognizer_modules:
                if module in ANNOTATION_ONLY:
                    _import_with_placeholder(module, *ANNOTATION_ONLY[module])
                else:
                    _import_deferred(f"{PACKAGE}.{module}")
        finally:
            _loading.on = False


def _without_pattern_check() -> None:
    """Presidio's Pattern checks its expression when built by compiling it with the `regex`
    module, whose parser is written in Python: about a second of a worker's cold start for our
    and Presidio's patterns, all compiled once more where they are used (engine.compiled, when
    the engine is built, for the patterns it runs; a recognizer's own `analyze` at first use),
    where an invalid one still fails. The check is left out."""
    pattern = sys.modules[f"{PACKAGE}.pattern"].Pattern
    pattern._Pattern__validate_regex = staticmethod(_unchecked)


def _unchecked(expression: str) -> None:
    return None


def _import_with_placeholder(module: str, package: str, name: str) -> None:
    """Import `module` with `name` of `package` (deferred) standing for Any while it runs; the
    package's real `__init__` runs when that name is asked for afterwards."""
    full = f"{PACKAGE}.{package}"
    if full in sys.modules:
        _import_deferred(f"{PACKAGE}.{module}")
        return
    stub = _deferred_package(full)
    setattr(stub, name, Any)
    try:
        _import_deferred(f"{PACKAGE}.{module}")
    finally:
        delattr(stub, name)


def _import_deferred(name: str) -> None:
    """Import module `name`, registering the packages above it deferred where not imported."""
    parts = name.split(".")
    for i in range(2, len(parts)):
        package = ".".join(parts[:i])
        if package not in sys.modules:
            _deferred_package(package)
    importlib.import_module(name)
