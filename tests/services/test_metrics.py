"""What the transactions count: use cases run again after a lock conflict, and on SQLite after
the family changed between the allocation and the write lock."""

import sqlite3

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

from odpay.db.locks import lock_family
from odpay.services.transaction import family_transaction, family_write
from tests.factories import patient


def _retries(reason: str) -> float:
    value = REGISTRY.get_sample_value("odpay_write_retries_total", {"reason": reason})
    assert value is not None
    return value


def _database_lock_waits() -> float:
    value = REGISTRY.get_sample_value("odpay_lock_wait_seconds_count", {"lock": "database"})
    return value or 0.0


def test_a_family_changed_during_the_allocation_counts_one_reallocation(db: Engine) -> None:
    if db.dialect.name != "sqlite":
        pytest.skip("only SQLite allocates ahead of its write lock")
    guarantor = patient(db)
    calls: list[int] = []

    def prepare(conn: Connection) -> int:
        lock_family(conn, guarantor)
        calls.append(len(calls))
        if len(calls) == 1:  # another writer of the family, after our read, before our write
            family_transaction(db, lambda other: lock_family(other, guarantor))
        return len(calls)

    before = _retries("reallocation"), _database_lock_waits()
    assert family_write(db, prepare, lambda conn, planned: planned) == 2
    # One reallocation; two write transactions (the other writer's and ours), each timed.
    assert (_retries("reallocation"), _database_lock_waits()) == (before[0] + 1, before[1] + 2)


def test_an_unchanged_family_counts_no_retry(db: Engine) -> None:
    guarantor = patient(db)
    before = {reason: _retries(reason) for reason in ("reallocation", "lock_conflict")}
    family_write(db, lambda conn: lock_family(conn, guarantor), lambda conn, planned: planned)
    assert {reason: _retries(reason) for reason in before} == before


def test_a_lock_conflict_counts_one_retry_per_run_again(db: Engine) -> None:
    runs: list[int] = []

    def work(conn: Connection) -> int:
        runs.append(1)
        if len(runs) <= 2:  # what SQLite says when its write lock stayed busy
            raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
        return len(runs)

    before = _retries("lock_conflict"), _retries("certification")
    assert family_transaction(db, work) == 3
    assert (_retries("lock_conflict"), _retries("certification")) == (before[0] + 2, before[1])
