"""Prometheus metrics: what the use cases and the HTTP layer count and time, and their text.

Decisions: docs/decisions.md, "Logs and metrics". With several server processes `odpay serve`
points PROMETHEUS_MULTIPROC_DIR at a directory of its own before the workers start; each
worker then keeps its values in files there and `exposition()` adds up every worker's.
Labels hold route templates, methods, statuses and fixed words only: never an id or a value
a client sent.
"""

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector

from odpay.domain.family import Family

_MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"
disable_created_metrics()  # type: ignore[no-untyped-call]  # no `_created` twin of every series: nothing here reads them
_FAST = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)
_WAITS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

_HTTP_REQUESTS = Counter(
    "odpay_http_requests",
    "Requests answered, by method, route template and status.",
    ("method", "route", "status"),
)
_HTTP_DURATION = Histogram(
    "odpay_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by method, route template and status.",
    ("method", "route", "status"),
    buckets=_WAITS,
)
_PAYMENTS = Counter("odpay_payments_created", "Payments created by POST /payments.")
_REFUNDS = Counter("odpay_refunds_created", "Refunds created by POST /payments/Refund.")
_ALLOCATION = Histogram(
    "odpay_allocation_seconds",
    "Time the allocation engine took to split one POST /payments (ledger, links, splits).",
    buckets=_FAST,
)
_FAMILY_ROWS = Histogram(
    "odpay_family_ledger_rows",
    "Rows of the family's ledger a POST /payments allocated over: procedures, adjustments, "
    "claimprocs, paysplits and payment plan charges.",
    buckets=(10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000),
)
_LOCK_WAIT = Histogram(
    "odpay_lock_wait_seconds",
    "Time taken to get a lock: `family`, a payment use case taking its family's lock (POST, "
    "Refund, Partial, PUT); `database`, on SQLite, any write waiting for the single write lock.",
    ("lock",),
    buckets=_WAITS,
)
_RETRIES = Counter(
    "odpay_write_retries",
    "Use cases run again: `lock_conflict` (deadlock or lock timeout), `certification` (a "
    "Galera node refused the commit), `reallocation` (on SQLite, the family changed between "
    "the allocation and the write lock).",
    ("reason",),
)
_FAMILY_LOCK = _LOCK_WAIT.labels("family")
_DATABASE_LOCK = _LOCK_WAIT.labels("database")
for _reason in ("lock_conflict", "certification", "reallocation"):
    _RETRIES.labels(_reason)  # every reason shows, at 0 until it happens
# A method no route takes is counted as "other": a client cannot add series at will.
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
_http_series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def request_answered(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request under its route template (e.g. /api/v1/payments/{PayNum})."""
    key = (method if method in _METHODS else "other", route, status)
    series = _http_series.get(key)
    if series is None:
        labels = (key[0], route, str(status))
        series = (_HTTP_REQUESTS.labels(*labels), _HTTP_DURATION.labels(*labels))
        _http_series[key] = series
    series[0].inc()
    series[1].observe(seconds)


def payment_created() -> None:
    _PAYMENTS.inc()


def refund_created() -> None:
    _REFUNDS.inc()


def retried(reason: str) -> None:
    _RETRIES.labels(reason).inc()


def database_lock_waited(seconds: float) -> None:
    _DATABASE_LOCK.observe(seconds)


@contextmanager
def family_lock_wait() -> Iterator[None]:
    """Times the block that takes a family's lock."""
    started = time.perf_counter()
    try:
        yield
    finally:
        _FAMILY_LOCK.observe(time.perf_counter() - started)


@contextmanager
def allocation(family: Family) -> Iterator[None]:
    """Times the block that allocates a payment over `family`, and records its size."""
    _FAMILY_ROWS.observe(
        len(family.procedures)
        + len(family.adjustments)
        + len(family.claimprocs)
        + len(family.paysplits)
        + len(family.payplancharges)
    )
    started = time.perf_counter()
    try:
        yield
    finally:
        _ALLOCATION.observe(time.perf_counter() - started)


def exposition() -> tuple[bytes, str]:
    """Every metric in Prometheus's text format, and its content type. With several
    processes, the sum over all of them (each worker's files in PROMETHEUS_MULTIPROC_DIR)."""
    if os.environ.get(_MULTIPROCESS_DIR):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
