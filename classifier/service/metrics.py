"""Prometheus metrics in the text exposition format (version 0.0.4), standard library only.

Counters and histograms live in this process (waitress serves one process, many threads);
gauges are read at scrape time through callbacks, so the review queue depth comes from the
database and is right after a restart. Labels carry labels, actions, sources, stages, reasons
and versions: never document content.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

LabelValues = tuple[str, ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Sequence[str], values: Sequence[str], extra: str = "") -> str:
    pairs = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        pairs.append(extra)
    return "{" + ",".join(pairs) + "}" if pairs else ""


def _number(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


class _Metric:
    kind = ""

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()):
        self.name, self.help, self.label_names = name, help, tuple(labels)
        self._lock = threading.Lock()

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]

    def samples(self) -> list[str]:
        raise NotImplementedError


class Counter(_Metric):
    kind = "counter"

    def __init__(self, name: str, help: str, labels: Sequence[str] = ()):
        super().__init__(name, help, labels)
        self._values: dict[LabelValues, float] = {}

    def inc(self, *values: str, amount: float = 1.0) -> None:
        with self._lock:
            self._values[values] = self._values.get(values, 0.0) + amount

    def value(self, *values: str) -> float:
        return self._values.get(values, 0.0)

    def samples(self) -> list[str]:
        with self._lock:
            items = sorted(self._values.items())
        return [f"{self.name}{_labels(self.label_names, k)} {_number(v)}" for k, v in items]


class Histogram(_Metric):
    kind = "histogram"

    def __init__(
        self,
        name: str,
        help: str,
        labels: Sequence[str] = (),
        buckets: Sequence[float] = LATENCY_BUCKETS,
    ):
        super().__init__(name, help, labels)
        self.buckets = (*sorted(buckets), math.inf)
        self._series: dict[LabelValues, tuple[list[int], list[float]]] = {}

    def observe(self, value: float, *values: str) -> None:
        with self._lock:
            counts, total = self._series.setdefault(values, ([0] * len(self.buckets), [0.0]))
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    counts[i] += 1
            total[0] += value

    def samples(self) -> list[str]:
        lines = []
        with self._lock:
            items = sorted((k, (list(c), t[0])) for k, (c, t) in self._series.items())
        for key, (counts, total) in items:
            for bound, count in zip(self.buckets, counts, strict=True):
                le = f'le="{_number(bound)}"'
                lines.append(f"{self.name}_bucket{_labels(self.label_names, key, le)} {count}")
            lines.append(f"{self.name}_sum{_labels(self.label_names, key)} {_number(total)}")
            lines.append(f"{self.name}_count{_labels(self.label_names, key)} {counts[-1]}")
        return lines


class Gauge(_Metric):
    """A value read at scrape time: `read()` returns {label values: value}."""

    kind = "gauge"

    def __init__(
        self,
        name: str,
        help: str,
        read: Callable[[], dict[LabelValues, float]],
        labels: Sequence[str] = (),
    ):
        super().__init__(name, help, labels)
        self.read = read

    def samples(self) -> list[str]:
        return [
            f"{self.name}{_labels(self.label_names, k)} {_number(v)}"
            for k, v in sorted(self.read().items())
        ]


class Metrics:
    """The service's metrics; `render()` is the /metrics body."""

    def __init__(self) -> None:
        self.documents = Counter(
            "classifier_documents_total",
            "Documents processed, by label, action, source and versions",
            ("label", "action", "source", "model_version", "policy_version"),
        )
        self.quarantined = Counter(
            "classifier_documents_quarantined_total",
            "Documents quarantined, by reason and source",
            ("reason", "source"),
        )
        self.errors = Counter(
            "classifier_errors_total", "Unexpected errors, by where they happened", ("where",)
        )
        self.reviews = Counter(
            "classifier_review_decisions_total", "Review decisions, by decision", ("decision",)
        )
        self.webhooks = Counter(
            "classifier_webhook_attempts_total",
            "Webhook delivery attempts, by outcome",
            ("outcome",),
        )
        self.stage_seconds = Histogram(
            "classifier_stage_seconds", "Time spent in each pipeline stage", ("stage",)
        )
        self.request_seconds = Histogram(
            "classifier_document_seconds", "Time to process one document end to end", ("source",)
        )
        self.gauges: list[Gauge] = []

    def gauge(
        self,
        name: str,
        help: str,
        read: Callable[[], dict[LabelValues, float]],
        labels: Sequence[str] = (),
    ) -> None:
        self.gauges.append(Gauge(name, help, read, labels))

    def render(self) -> str:
        lines: list[str] = []
        metrics: list[_Metric] = [
            self.documents,
            self.quarantined,
            self.errors,
            self.reviews,
            self.webhooks,
            self.stage_seconds,
            self.request_seconds,
            *self.gauges,
        ]
        for metric in metrics:
            lines += metric.header() + metric.samples()
        return "\n".join(lines) + "\n"
