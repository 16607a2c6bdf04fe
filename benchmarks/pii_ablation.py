"""The ablation of benchmarks/pii_eval.py: the detector run again with each named filter of
classifier/detection/filters.py (its `FILTERS` registry) turned into a pass-through, so a
filter's row says what it removes (recall lost, precision gained, leaks added) on each set.

The analyzer (Presidio and the tagger) does not depend on the filters, so its results and the
tagger's word scores are kept per text for the ablation runs: each run then costs the filters
only. Without a registry (an older detector) the ablation reports that and is skipped.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

FILTERS_MODULE = "classifier.detection.filters"


def registry() -> dict[str, Callable[..., Any]] | None:
    """The detector's named filters, or None where it has no registry."""
    try:
        module = importlib.import_module(FILTERS_MODULE)
    except ImportError:
        return None
    filters = getattr(module, "FILTERS", None)
    return filters if isinstance(filters, dict) and filters else None


def _pass_through(findings: list[Any], *_args: Any, **_kwargs: Any) -> list[Any]:
    return list(findings)


@contextmanager
def without(filters: dict[str, Callable[..., Any]], name: str) -> Iterator[None]:
    """The filter `name` keeps every finding while the block runs."""
    kept = filters[name]
    filters[name] = _pass_through
    try:
        yield
    finally:
        filters[name] = kept


def _remembered(method: Callable[..., Any]) -> Callable[..., Any]:
    """`method` answering a repeated call with the same arguments (the same object included)
    from memory, as a fresh list."""
    memory: dict[str, Any] = {}

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        key = repr((id(args[0]) if args else None, args[1:], sorted(kwargs.items())))
        if key not in memory:
            memory[key] = list(method(*args, **kwargs))
        return list(memory[key])

    return call


def remember_analysis(detector: Any) -> None:
    """Keep the analyzers' results and the tagger's word scores of every text the detector sees
    (the ablation runs repeat the same texts with other filters). The analyzer's class is
    patched, so the engines a detector builds later (one per choice of detection packs) are
    remembered too; for the rest of this process."""
    analyzer = getattr(detector, "analyzer", None)
    if analyzer is not None:
        engine = type(analyzer)
        engine.analyze = _remembered(engine.analyze)
    tagger = getattr(detector, "tagger", None)
    if tagger is not None and hasattr(tagger, "word_scores"):
        tagger.word_scores = _remembered(tagger.word_scores)


def drop_counts(detector: Any, texts: list[str]) -> dict[str, int] | None:
    """Per filter, the findings it dropped over `texts` (Detector.report), if it reports them."""
    report = getattr(detector, "report", None)
    if report is None:
        return None
    total: dict[str, int] = {}
    for text in texts:
        for name, n in getattr(report(text), "drops", {}).items():
            total[name] = total.get(name, 0) + int(n)
    return total
