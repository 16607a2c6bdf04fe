"""Prometheus metrics for /metrics, on `prometheus_client` with one registry per service.

Each `Metrics` owns a `CollectorRegistry` (so two apps in one process, as in the tests, keep
separate counts) holding the service's counters and histograms, the process and platform
collectors (`process_*`, `python_info`), and gauges read at scrape time through callbacks, so
the review queue depth comes from the database and is right after a restart. Labels carry
labels, actions, sources, stages, reasons and versions: never document content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

LabelValues = tuple[str, ...]


class LabelledCounter:
    """A counter incremented by label values in the order of its label names."""

    def __init__(self, counter: Counter):
        self._counter = counter

    def inc(self, *values: str, amount: float = 1.0) -> None:
        (self._counter.labels(*values) if values else self._counter).inc(amount)


class LabelledHistogram:
    """A histogram observed with a value, then label values in the order of its label names."""

    def __init__(self, histogram: Histogram):
        self._histogram = histogram

    def observe(self, value: float, *values: str) -> None:
        (self._histogram.labels(*values) if values else self._histogram).observe(value)


class CallbackGauge(Collector):
    """A gauge read at scrape time: `read()` returns {label values: value}."""

    def __init__(
        self,
        name: str,
        help: str,
        read: Callable[[], dict[LabelValues, float]],
        labels: Sequence[str] = (),
    ):
        self.name, self.help, self.read, self.label_names = name, help, read, list(labels)

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(self.name, self.help, labels=self.label_names)
        for values, value in sorted(self.read().items()):
            family.add_metric(list(values), value)
        yield family


class Metrics:
    """The service's metrics; `render()` is the /metrics body."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        self.documents = self._counter(
            "classifier_documents_total",
            "Documents processed, by label, action, source and versions",
            ("label", "action", "source", "model_version", "policy_version"),
        )
        self.quarantined = self._counter(
            "classifier_documents_quarantined_total",
            "Documents quarantined, by reason and source",
            ("reason", "source"),
        )
        self.errors = self._counter(
            "classifier_errors_total", "Unexpected errors, by where they happened", ("where",)
        )
        self.reviews = self._counter(
            "classifier_review_decisions_total", "Review decisions, by decision", ("decision",)
        )
        self.webhooks = self._counter(
            "classifier_webhook_attempts_total",
            "Webhook delivery attempts, by outcome",
            ("outcome",),
        )
        self.detection_drops = self._counter(
            "classifier_detection_drops_total",
            "Findings dropped by each detection filter",
            ("filter",),
        )
        self.stage_seconds = self._histogram(
            "classifier_stage_seconds", "Time spent in each pipeline stage", ("stage",)
        )
        self.request_seconds = self._histogram(
            "classifier_document_seconds", "Time to process one document end to end", ("source",)
        )

    def _counter(self, name: str, help: str, labels: Sequence[str]) -> LabelledCounter:
        return LabelledCounter(Counter(name, help, labels, registry=self.registry))

    def _histogram(self, name: str, help: str, labels: Sequence[str]) -> LabelledHistogram:
        histogram = Histogram(name, help, labels, registry=self.registry, buckets=LATENCY_BUCKETS)
        return LabelledHistogram(histogram)

    def gauge(
        self,
        name: str,
        help: str,
        read: Callable[[], dict[LabelValues, float]],
        labels: Sequence[str] = (),
    ) -> None:
        self.registry.register(CallbackGauge(name, help, read, labels))

    def render(self) -> str:
        return generate_latest(self.registry).decode("utf-8")
