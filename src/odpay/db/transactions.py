"""The one way odpay opens a database transaction: write_transaction() for every writer (the
use cases, key creation, loads, the demo, upgrades) and read_transaction() for readers.

SQLite has one write lock. A writer waits for its turn on an OS file lock beside the database,
then opens with BEGIN IMMEDIATE (db/engine.py), so writers queue instead of deadlocking or
polling. MariaDB and PostgreSQL writers queue on their family's row (db/locks.py).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from odpay.db.engine import WRITE_OPTION, mark_ended
from odpay.db.writer_lock import exclusive_lock


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction: committed when the block ends, rolled back when it
    raises. A committed connection goes back to the pool without a ROLLBACK (`mark_ended`)."""
    with writer_turn(engine), engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})  # in place; read by BEGIN on SQLite
        with conn.begin():
            yield conn
        mark_ended(conn)


@contextmanager
def read_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a read-only transaction: one snapshot on SQLite (WAL), READ COMMITTED
    elsewhere; it takes no lock."""
    with engine.connect() as conn:
        with conn.begin():
            yield conn
        mark_ended(conn)


@contextmanager
def writer_turn(engine: Engine) -> Iterator[None]:
    """On SQLite, wait for this writer's turn on an OS file lock before BEGIN IMMEDIATE.

    SQLite has one write lock and, when it is taken, a writer polls with sleeps of up to 100 ms
    (busy_timeout): under load that gave p99 latencies of seconds. An OS file lock beside the
    database (db/writer_lock.py) queues writers of every thread and process instead and wakes
    the next one as soon as the lock is released. Other back-ends queue on the family's row lock.
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with exclusive_lock(f"{database}.writer-lock"):
        yield
