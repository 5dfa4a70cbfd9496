"""GET /metrics: who may read it, and what a payment, a refund and a refusal add to it."""

import uuid

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine

from odpay.http.app import create_app
from tests.factories import patient, procedure
from tests.http.conftest import KeyMaker

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def _samples(client: TestClient) -> Samples:
    r = client.get("/metrics")
    assert r.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(r.text)
        for sample in family.samples
    }


def _delta(before: Samples, after: Samples, name: str, **labels: str) -> float:
    key = (name, frozenset(labels.items()))
    return after.get(key, 0.0) - before.get(key, 0.0)


def _http(method: str, route: str, status: int) -> dict[str, str]:
    return {"method": method, "route": route, "status": str(status)}


def test_a_key_that_may_read_gets_the_metrics(db: Engine, make_key: KeyMaker) -> None:
    reader = TestClient(create_app(db), headers={"Authorization": make_key(("ApiReadAll",))})
    r = reader.get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/plain; version=1.0.0; charset=utf-8"
    assert "# TYPE odpay_payments_created_total counter" in r.text
    assert "# TYPE odpay_http_request_duration_seconds histogram" in r.text
    assert 'odpay_write_retries_total{reason="reallocation"}' in r.text


@pytest.mark.parametrize("permissions", [None, ("ApiPayments",)])
def test_metrics_are_refused_without_a_key_that_may_read(
    db: Engine, make_key: KeyMaker, permissions: tuple[str, ...] | None
) -> None:
    headers = {} if permissions is None else {"Authorization": make_key(permissions)}
    r = TestClient(create_app(db), headers=headers).get("/metrics")
    assert (r.status_code, r.json()) == (401, "Not Authorized.")
    assert "odpay_" not in r.text


def test_metrics_are_not_in_the_openapi_document(client: TestClient) -> None:
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]


def test_a_payment_counts_once_with_its_allocation_family_size_and_lock(
    client: TestClient, db: Engine
) -> None:
    pat_num = patient(db)
    procedure(db, pat_num, "100.00", "2024-01-05")
    procedure(db, pat_num, "50.00", "2024-01-06")
    before = _samples(client)
    r = client.post("/api/v1/payments", json={"PayAmt": "30.00", "PatNum": pat_num})
    assert r.status_code == 201
    after = _samples(client)

    sqlite = db.dialect.name == "sqlite"
    assert {
        "payments": _delta(before, after, "odpay_payments_created_total"),
        "refunds": _delta(before, after, "odpay_refunds_created_total"),
        "posts": _delta(
            before, after, "odpay_http_requests_total", **_http("POST", "/api/v1/payments", 201)
        ),
        "timed posts": _delta(
            before,
            after,
            "odpay_http_request_duration_seconds_count",
            **_http("POST", "/api/v1/payments", 201),
        ),
        "allocations": _delta(before, after, "odpay_allocation_seconds_count"),
        "families": _delta(before, after, "odpay_family_ledger_rows_count"),
        "ledger rows": _delta(before, after, "odpay_family_ledger_rows_sum"),
        "family locks": _delta(before, after, "odpay_lock_wait_seconds_count", lock="family"),
        "database locks": _delta(before, after, "odpay_lock_wait_seconds_count", lock="database"),
        "reallocations": _delta(before, after, "odpay_write_retries_total", reason="reallocation"),
    } == {
        "payments": 1,
        "refunds": 0,
        "posts": 1,
        "timed posts": 1,
        "allocations": 1,
        "families": 1,
        "ledger rows": 2,  # the two procedures; nothing paid yet
        "family locks": 1,
        "database locks": 1 if sqlite else 0,  # SQLite's single write lock
        "reallocations": 0,
    }
    assert _delta(before, after, "odpay_http_requests_total", **_http("GET", "/metrics", 200)) == 1


def test_a_refund_counts_as_a_refund(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    procedure(db, pat_num, "100.00", "2024-01-05")
    paid = client.post("/api/v1/payments", json={"PayAmt": "40.00", "PatNum": pat_num})
    before = _samples(client)
    r = client.post("/api/v1/payments/Refund", json={"PayNum": paid.json()["PayNum"]})
    assert r.status_code == 201
    after = _samples(client)
    route = _http("POST", "/api/v1/payments/Refund", 201)
    assert (
        _delta(before, after, "odpay_refunds_created_total"),
        _delta(before, after, "odpay_payments_created_total"),
        _delta(before, after, "odpay_http_requests_total", **route),
        _delta(before, after, "odpay_lock_wait_seconds_count", lock="family"),
        _delta(before, after, "odpay_allocation_seconds_count"),
    ) == (1, 0, 1, 1, 0)


def test_a_replayed_payment_is_not_counted_again(client: TestClient, db: Engine) -> None:
    pat_num = patient(db)
    procedure(db, pat_num, "100.00", "2024-01-05")
    headers = {"Idempotency-Key": f"metrics-{uuid.uuid4()}"}
    body = {"PayAmt": "10.00", "PatNum": pat_num}
    before = _samples(client)
    first = client.post("/api/v1/payments", json=body, headers=headers)
    again = client.post("/api/v1/payments", json=body, headers=headers)
    after = _samples(client)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _delta(before, after, "odpay_payments_created_total") == 1
    posts = _http("POST", "/api/v1/payments", 201)
    assert _delta(before, after, "odpay_http_requests_total", **posts) == 2


def test_a_refused_payment_counts_under_its_status_only(client: TestClient) -> None:
    before = _samples(client)
    r = client.post("/api/v1/payments", json={"PayAmt": "10.00"})
    assert (r.status_code, r.json()) == (400, "PatNum is required.")
    after = _samples(client)
    refused = _http("POST", "/api/v1/payments", 400)
    assert _delta(before, after, "odpay_http_requests_total", **refused) == 1
    assert _delta(before, after, "odpay_payments_created_total") == 0
    assert _delta(before, after, "odpay_allocation_seconds_count") == 0


def test_unmatched_paths_and_odd_methods_add_no_series_of_their_own(client: TestClient) -> None:
    before = _samples(client)
    unknown = client.get(f"/api/v1/nothing-{uuid.uuid4().hex}")
    brewed = client.request("BREW", "/api/v1/payments")
    after = _samples(client)
    assert (unknown.status_code, brewed.status_code) == (404, 400)
    new_series = {
        labels for name, labels in set(after) - set(before) if name == "odpay_http_requests_total"
    }
    assert new_series <= {
        frozenset(_http("GET", "unmatched", 404).items()),
        frozenset(_http("other", "/api/v1/payments", 400).items()),
    }
    assert _delta(before, after, "odpay_http_requests_total", **_http("GET", "unmatched", 404)) == 1
    brew = _http("other", "/api/v1/payments", 400)
    assert _delta(before, after, "odpay_http_requests_total", **brew) == 1
