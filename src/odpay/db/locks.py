"""lock_family(): serialise writers of one family in the database itself.

Spec: allocation.md §11. Two payments for one family must not both see the same charge
open, so the guarantor's patient row is locked before the ledger is read. On SQLite the write
transaction already holds the database's single write lock (BEGIN IMMEDIATE, db/engine.py).
"""

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, select

from odpay.db.payments import get_payment
from odpay.db.schema import patient
from odpay.domain.records import Payment


def lock_family(conn: Connection, pat_num: int) -> int | None:
    """Lock the family of `pat_num`; return its guarantor's PatNum, or None if no such patient.

    The guarantor is read, locked, then read again: if another writer moved the patient to
    another family meanwhile, that family is locked too.
    """
    locking = conn.dialect.name != "sqlite"
    guarantor = _guarantor_of(conn, pat_num)
    while guarantor is not None and locking:
        _lock_row_of_family(conn, guarantor)
        again = _guarantor_of(conn, pat_num)
        if again == guarantor:
            break
        guarantor = again
    return guarantor


def _lock_row_of_family(conn: Connection, guarantor: int) -> None:
    """Lock the guarantor's row; when it does not exist (a damaged Open Dental family whose
    Guarantor names a deleted row), lock the family's lowest PatNum instead, which every
    member agrees on, so the family is still serialised."""
    locked = conn.execute(
        select(patient.c.PatNum).where(patient.c.PatNum == guarantor).with_for_update()
    ).first()
    if locked is None:
        conn.execute(
            select(patient.c.PatNum)
            .where(patient.c.Guarantor == guarantor)
            .order_by(patient.c.PatNum)
            .limit(1)
            .with_for_update()
        )


def _guarantor_of(conn: Connection, pat_num: int) -> int | None:
    row = conn.execute(select(patient.c.Guarantor).where(patient.c.PatNum == pat_num)).first()
    if row is None:
        return None
    return int(row.Guarantor) or pat_num


def lock_payment(conn: Connection, pay_num: int) -> Payment | None:
    """Lock the family of the payment's patient; return the payment as read under that lock.

    None when there is no such payment (then nothing is locked, except on SQLite where the
    write transaction holds the database anyway).
    """
    found = get_payment(conn, pay_num)
    while found is not None:
        lock_family(conn, found.PatNum)
        again = get_payment(conn, pay_num)
        if again is None or again.PatNum == found.PatNum:
            return again
        found = again
    return None


@contextmanager
def writer_turn(engine: Engine) -> Iterator[None]:
    """On SQLite, wait for this writer's turn on an OS file lock before BEGIN IMMEDIATE.

    SQLite has one write lock and, when it is taken, a writer polls with sleeps of up to 100 ms
    (busy_timeout): under load that gave p99 latencies of seconds. A blocking `flock` on a file
    beside the database queues writers of every thread and process instead and wakes the next
    one as soon as the lock is released. Other back-ends queue on the family's row lock.
    """
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    with Path(f"{database}.writer-lock").open("a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
