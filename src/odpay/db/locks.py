"""lock_family(): serialise writers of one family in the database itself.

Spec: allocation.md §11. Two payments for one family must not both see the same charge
open. Every write to a family's ledger first moves the family's version on
(`odpay.db.state.bump_family`): on MariaDB and PostgreSQL that row lock is held until commit,
so the next writer of the family waits and then reads what this one wrote; on a Galera
cluster, where a row lock binds one node only, two nodes' writers of a family both write that
row and one of them fails certification and is retried. On SQLite the write transaction holds
the database's single write lock (BEGIN IMMEDIATE, db/engine.py), and a payment may also read
and allocate before it takes that lock, remembering the versions it saw (`reading_ahead`).
"""

from sqlalchemy import Connection

from odpay.db.ledger.payments import get_payment
from odpay.db.practice.cache import get_patient
from odpay.db.state import bump_family, family_version
from odpay.domain.records import Patient, Payment

# Execution option of a connection that reads ahead of the write lock: it holds the
# {guarantor: version} of each family lock_family was asked for.
SEEN_OPTION = "odpay_seen_families"


def reading_ahead(conn: Connection, seen: dict[int, int]) -> None:
    """Let `conn` read without locking; lock_family records the families' versions in `seen`."""
    conn.execution_options(**{SEEN_OPTION: seen})


def is_reading_ahead(conn: Connection) -> bool:
    return conn.get_execution_options().get(SEEN_OPTION) is not None


def lock_family(conn: Connection, pat_num: int) -> int | None:
    """Lock the family of `pat_num`; return its guarantor's PatNum, or None if no such patient."""
    found = lock_patient(conn, pat_num)
    return found.family_guarantor if found is not None else None


def lock_patient(conn: Connection, pat_num: int) -> Patient | None:
    """Lock the family of `pat_num`; return the patient as read under that lock (None if there
    is no such patient).

    The patient is read, the family locked, the patient read again: if another writer moved
    the patient to another family meanwhile, that family is locked too.
    """
    found = get_patient(conn, pat_num)
    seen: dict[int, int] | None = conn.get_execution_options().get(SEEN_OPTION)
    if seen is not None:
        if found is not None and found.family_guarantor not in seen:
            seen[found.family_guarantor] = family_version(conn, found.family_guarantor)
        return found
    while found is not None:
        bump_family(conn, found.family_guarantor)
        if conn.dialect.name == "sqlite":
            break  # nothing can move the patient while this transaction holds the database
        again = get_patient(conn, pat_num)
        if again is None or again.family_guarantor == found.family_guarantor:
            return again
        found = again
    return found


def lock_payment(conn: Connection, pay_num: int) -> Payment | None:
    """Lock the family of the payment's patient; return the payment as read under that lock.

    None when there is no such payment (then nothing is locked, except on SQLite where the
    write transaction holds the database anyway).
    """
    found = get_payment(conn, pay_num)
    while found is not None:
        lock_family(conn, found.PatNum)
        if conn.dialect.name == "sqlite":
            return found  # read under the database's write lock, or in one snapshot ahead of it
        again = get_payment(conn, pay_num)
        if again is None or again.PatNum == found.PatNum:
            return again
        found = again
    return None
