"""The transactions of the use cases: one use case, one transaction, retried whole on lock
trouble, begun by reading odpay_state once (which also confirms the caller's key).

Spec: allocation.md §11, payments.md §1.4. A write takes the family lock
(`odpay.db.locks.lock_family`) as soon as it knows the patient, then reads and writes.
POST /payments, Refund and Partial go through `family_write`, which on SQLite reads and
allocates before it takes the database's single write lock (docs/decisions.md "Versions").
On a Galera cluster two nodes' writers of one family meet only at certification, when the
second to commit is refused; that use case runs again, after a short random pause
(docs/decisions.md "Galera").
"""

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from odpay.db import transactions
from odpay.db.engine import is_galera
from odpay.db.locks import reading_ahead
from odpay.db.practice.cache import STATE_OPTION, transaction_state
from odpay.db.state import State, bump_family, family_version, read_state
from odpay.services import metrics
from odpay.services.keys import confirm_caller

T = TypeVar("T")
P = TypeVar("P")
RETRIES = 3
# A Galera certification failure comes at once (nothing waited 10 s for a lock). While one
# node keeps committing a family's writes, a writer of that family on another node loses
# each time, until that node's queue for the family has drained: 60 simultaneous payments of
# one family through two nodes needed up to 14 retries (docs/galera.md).
CERTIFICATION_RETRIES = 20
# Random pauses before those retries, up to 5 ms, doubling per retry, at most 200 ms: at most
# 3.1 s in all, and losers spread out instead of all coming back at once.
_PAUSE_FIRST = 0.005
_PAUSE_MAX = 0.2
log = logging.getLogger(__name__)

# MariaDB: 1205 lock wait timeout, 1213 deadlock. PostgreSQL: serialization failure,
# deadlock, lock timeout. SQLite: the write lock stayed busy past busy_timeout.
_MYSQL_CODES = {1205, 1213}
_PG_STATES = {"40001", "40P01", "55P03"}


def family_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in a write transaction; commit on return, roll back on any exception.

    A lock-wait timeout or deadlock re-runs the whole of `work` up to RETRIES more times;
    after that the error propagates (and becomes 500, D26). On a Galera node a deadlock (1213)
    is almost always a certification failure: up to CERTIFICATION_RETRIES, each after a random
    pause. The commit is inside the loop: a transaction refused at COMMIT is retried like any
    other.
    """
    attempt = 0
    while True:
        galera = False
        started = time.perf_counter()
        try:
            with transactions.write_transaction(engine) as conn:
                if conn.dialect.name == "sqlite":
                    metrics.database_lock_waited(time.perf_counter() - started)
                galera = is_galera(conn)
                _begin(conn)
                return work(conn)
        except DBAPIError as exc:
            certification = galera and _is_deadlock(exc)
            limit = CERTIFICATION_RETRIES if certification else RETRIES
            if attempt >= limit or not is_lock_conflict(exc):
                raise
            attempt += 1
            metrics.retried("certification" if certification else "lock_conflict")
            log.warning("retrying a write after a lock conflict (attempt %d)", attempt)
            if certification:
                # Spread out, the losers do not all come back at the same moment.
                time.sleep(random.uniform(0, min(_PAUSE_MAX, _PAUSE_FIRST * 2 ** (attempt - 1))))


def read_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run read-only `work` in one transaction without any lock."""
    with transactions.read_transaction(engine) as conn:
        _begin(conn)
        return work(conn)


def family_write(
    engine: Engine,
    prepare: Callable[[Connection], P],
    store: Callable[[Connection, P], T],
) -> T:
    """`store(conn, prepare(conn))` as one use case of one family's ledger.

    `prepare` checks the request, takes the family lock and computes what to write; `store`
    writes it. On MariaDB and PostgreSQL both run in one transaction, under the family lock
    from the moment `prepare` takes it. On SQLite, whose write lock is one for the whole
    database, `prepare` runs first in a read snapshot, so payments of other families do not
    wait while it reads and allocates; then, under the write lock, if neither the family nor
    the practice changed since (their versions say), `store` writes what was computed, and
    otherwise `prepare` runs again under the lock.
    """
    if engine.dialect.name != "sqlite":
        return family_transaction(engine, lambda conn: store(conn, prepare(conn)))
    seen: dict[int, int] = {}
    with transactions.read_transaction(engine) as conn:
        read_at = _begin(conn)
        reading_ahead(conn, seen)
        planned = prepare(conn)

    def write(conn: Connection) -> T:
        unchanged = transaction_state(conn).PracticeVersion == read_at.PracticeVersion and all(
            family_version(conn, guarantor) == version for guarantor, version in seen.items()
        )
        if not unchanged:
            metrics.retried("reallocation")
            return store(conn, prepare(conn))
        for guarantor in seen:
            bump_family(conn, guarantor)
        return store(conn, planned)

    return family_transaction(engine, write)


def _begin(conn: Connection) -> State:
    """Read odpay_state for the whole transaction; refuse the caller's key if it changed
    since it was checked and no longer allows what the request does (services/keys.py)."""
    state = read_state(conn)
    conn.execution_options(**{STATE_OPTION: state})
    confirm_caller(conn, state)
    return state


def _is_deadlock(exc: DBAPIError) -> bool:
    """MariaDB's 1213: an InnoDB deadlock, or on Galera a failed certification."""
    args: tuple[object, ...] = getattr(exc.orig, "args", ())
    return bool(args) and args[0] == 1213


def is_lock_conflict(exc: DBAPIError) -> bool:
    orig = exc.orig
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_CODES:
        return True
    if getattr(orig, "sqlstate", None) in _PG_STATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)
