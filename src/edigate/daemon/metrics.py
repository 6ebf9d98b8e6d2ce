"""Prometheus metrics of a running daemon: what it took, what came of it, what waits.

Counters are counted where the daemon sees the event (a file handed to the gateway, a document a worker
finished); the queue sizes are read from the store at each scrape, so they are true across restarts and across
several daemons sharing one database. Each daemon has its own registry (tests run several in one process).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ..pipeline import GatewayStatus
from ..store import DocumentInfo, DocumentState

log = logging.getLogger("edigate.daemon")

#: Drop-to-delivered latency buckets: the target is p99 under 2 s, retries take minutes.
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0, 300.0, 3600.0)


class _QueueCollector(Collector):
    """Gauges from `gateway.status()` at scrape time; a store that cannot answer shows as edigate_up 0."""

    def __init__(self, status: Callable[[], GatewayStatus]) -> None:
        self.status = status

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("edigate_store_up", "1 when the store answered this scrape")
        try:
            status = self.status()
        except Exception as exc:
            log.warning("metrics: the store did not answer: %s", exc)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        documents = GaugeMetricFamily("edigate_documents", "Documents in the store by state", labels=["state"])
        for state in DocumentState:
            documents.add_metric([state.value], status.documents.get(state.value, 0))
        yield documents
        deliveries = GaugeMetricFamily("edigate_deliveries", "Deliveries waiting or given up", labels=["state"])
        deliveries.add_metric(["pending"], status.deliveries_pending)
        deliveries.add_metric(["failed"], status.deliveries_failed)
        yield deliveries
        overdue = GaugeMetricFamily("edigate_acks_overdue", "Functional acks we wait for past their due time")
        overdue.add_metric([], len(status.acks_overdue))
        yield overdue


class DaemonMetrics:
    """The daemon's metrics and the registry /metrics renders."""

    def __init__(self, status: Callable[[], GatewayStatus]) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.files_taken = Counter(
            "edigate_files_taken", "Inbox files taken into the spool", ["partner"], registry=self.registry
        )
        self.intake_errors = Counter(
            "edigate_intake_errors",
            "Inbox files that could not be taken (retried)",
            ["partner"],
            registry=self.registry,
        )
        self.documents_finished = Counter(
            "edigate_documents_finished",
            "Documents a worker ran, by the state they ended in",
            ["state"],
            registry=self.registry,
        )
        self.delivery_retries = Counter(
            "edigate_delivery_retries", "Delivery retries attempted by the scheduler", registry=self.registry
        )
        self.outbound_sent = Counter(
            "edigate_outbound_sent", "Interchanges sent to partners", ["partner", "source"], registry=self.registry
        )
        self.drop_to_delivered = Histogram(
            "edigate_drop_to_delivered_seconds",
            "From a file's intake to its records delivered (documents delivered on their first attempt)",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_QueueCollector(status))

    def document_finished(self, document: DocumentInfo, now: datetime | None = None) -> None:
        self.documents_finished.labels(document.state).inc()
        if document.state == DocumentState.DELIVERED:
            received = document.received_at
            if received.tzinfo is None:
                received = received.replace(tzinfo=UTC)
            seconds = ((now or datetime.now(UTC)) - received).total_seconds()
            self.drop_to_delivered.observe(max(0.0, seconds))

    def render(self) -> bytes:
        return generate_latest(self.registry)
