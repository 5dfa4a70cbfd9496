"""family_transaction(): one use case, one transaction, retried whole on lock trouble.

Spec: allocation.md §11, payments.md §1.4. The work function takes the family lock
(`odpay.db.locks.lock_family`) as soon as it knows the patient, then reads and writes.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from odpay.db.engine import WRITE_OPTION
from odpay.db.locks import writer_turn

T = TypeVar("T")
RETRIES = 3
log = logging.getLogger(__name__)

# MariaDB: 1205 lock wait timeout, 1213 deadlock. PostgreSQL: serialization failure,
# deadlock, lock timeout. SQLite: the write lock stayed busy past busy_timeout.
_MYSQL_CODES = {1205, 1213}
_PG_STATES = {"40001", "40P01", "55P03"}


def family_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run `work` in a write transaction; commit on return, roll back on any exception.

    A lock-wait timeout or deadlock re-runs the whole of `work` up to RETRIES more times;
    after that the error propagates (and becomes 500, D26).
    """
    attempt = 0
    while True:
        try:
            writer = engine.connect().execution_options(**{WRITE_OPTION: True})
            with writer_turn(engine), writer as conn, conn.begin():
                return work(conn)
        except DBAPIError as exc:
            if attempt >= RETRIES or not is_lock_conflict(exc):
                raise
            attempt += 1
            log.warning("retrying a write after a lock conflict (attempt %d)", attempt)


def read_transaction(engine: Engine, work: Callable[[Connection], T]) -> T:
    """Run read-only `work` in one transaction without any lock."""
    with engine.connect() as conn, conn.begin():
        return work(conn)


def is_lock_conflict(exc: DBAPIError) -> bool:
    orig = exc.orig
    args = getattr(orig, "args", ())
    if args and isinstance(args[0], int) and args[0] in _MYSQL_CODES:
        return True
    if getattr(orig, "sqlstate", None) in _PG_STATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)
