"""Idempotency-Keys are remembered for ODPAY_IDEMPOTENCY_HOURS (24 by default), then forgotten
and purged (docs/decisions.md "Hardening: input"). The clock is patched, never waited for."""

import hashlib
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from odpay.services import idempotency
from odpay.services.clock import office_now
from tests.factories import patient, procedure, rows

PAYMENTS = "/api/v1/payments"


class Clock:
    def __init__(self) -> None:
        self.now = office_now()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(idempotency, "office_now", fake)
    monkeypatch.setattr(idempotency, "_next_purge", None)
    idempotency.retention.cache_clear()
    yield fake
    idempotency.retention.cache_clear()


def _records(db: Engine, key: str) -> list[dict[str, Any]]:
    return rows(db, "odpay_idempotency", KeyHash=hashlib.sha256(key.encode()).hexdigest())


def _post(client: TestClient, pat_num: int, amount: str, key: str) -> tuple[int, int]:
    body = f'{{"PayAmt": "{amount}", "PatNum": {pat_num}}}'
    response = client.post(PAYMENTS, content=body.encode(), headers={"Idempotency-Key": key})
    assert response.status_code == 201, response.text
    return response.json()["PayNum"], len(rows(db_of(client), "payment", PatNum=pat_num))


def db_of(client: TestClient) -> Engine:
    return client.app.state.engine  # type: ignore[attr-defined, no-any-return]


def test_a_key_is_remembered_24_hours_then_forgotten(client: TestClient, clock: Clock) -> None:
    db = db_of(client)
    pat_num, key = patient(db), f"retain-{uuid.uuid4()}"
    procedure(db, pat_num, "500.00", "2024-01-05")
    first, _ = _post(client, pat_num, "10", key)
    clock.now += timedelta(hours=24) - timedelta(seconds=1)
    assert _post(client, pat_num, "10", key) == (first, 1)  # a replay
    clock.now += timedelta(seconds=2)
    second, count = _post(client, pat_num, "99", key)  # a new request, not "already used"
    assert (second != first, count) == (True, 2)
    assert [r["PayNum"] for r in _records(db, key)] == [second]


def test_the_retention_is_configurable(
    client: TestClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ODPAY_IDEMPOTENCY_HOURS", "48")
    idempotency.retention.cache_clear()
    db = db_of(client)
    pat_num, key = patient(db), f"retain-{uuid.uuid4()}"
    procedure(db, pat_num, "500.00", "2024-01-05")
    first, _ = _post(client, pat_num, "10", key)
    clock.now += timedelta(hours=47)
    assert _post(client, pat_num, "10", key) == (first, 1)
    clock.now += timedelta(hours=2)
    assert _post(client, pat_num, "10", key)[1] == 2


def test_expired_keys_are_purged_by_a_later_keyed_write_at_most_hourly(
    fresh_client: TestClient, clock: Clock
) -> None:
    client = fresh_client
    db = db_of(client)
    pat_num = patient(db)
    procedure(db, pat_num, "500.00", "2024-01-05")
    start = clock.now
    for i in range(3):
        _post(client, pat_num, "1", f"old-{i}")
    clock.now = start + timedelta(minutes=10)
    _post(client, pat_num, "1", "ten-minutes-later")
    assert len(rows(db, "odpay_idempotency")) == 4  # the first write purged nothing
    clock.now = start + timedelta(hours=24, minutes=1)
    _post(client, pat_num, "1", "a-day-later")
    assert _hashes(db) == _hashes_of("ten-minutes-later", "a-day-later")
    clock.now = start + timedelta(hours=24, minutes=20)
    _post(client, pat_num, "1", "twenty-minutes-on")  # "ten-minutes-later" expired, not purged
    assert _hashes(db) == _hashes_of("ten-minutes-later", "a-day-later", "twenty-minutes-on")
    assert idempotency.purge_expired(db, clock.now) == 1
    assert _hashes(db) == _hashes_of("a-day-later", "twenty-minutes-on")


def _hashes(db: Engine) -> set[str]:
    return {r["KeyHash"] for r in rows(db, "odpay_idempotency")}


def _hashes_of(*keys: str) -> set[str]:
    return {hashlib.sha256(key.encode()).hexdigest() for key in keys}


def test_the_retention_is_at_least_one_hour(monkeypatch: pytest.MonkeyPatch) -> None:
    from pydantic import ValidationError

    from odpay.settings import Settings

    monkeypatch.setenv("ODPAY_IDEMPOTENCY_HOURS", "0")
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.delenv("ODPAY_IDEMPOTENCY_HOURS")
    assert Settings().idempotency_hours == 24
