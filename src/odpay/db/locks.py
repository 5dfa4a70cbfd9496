"""lock_family(): serialise writers of one family in the database itself; lock_row(): a row
read under its patient's family lock.

Spec: allocation.md §11. Two payments for one family must not both see the same charge
open. Every write to a family's ledger first moves the family's version on
(`odpay.db.state.bump_family`): on MariaDB and PostgreSQL that row lock is held until commit,
so the next writer of the family waits and then reads what this one wrote; on a Galera
cluster, where a row lock binds one node only, two nodes' writers of a family both write that
row and one of them fails certification and is retried. On SQLite the write transaction holds
the database's single write lock (BEGIN IMMEDIATE, db/engine.py), and a payment may also read
and allocate before it takes that lock, remembering the versions it saw (`reading_ahead`).
"""

from collections.abc import Callable
from typing import Protocol, TypeVar

from sqlalchemy import Connection

from odpay.db.ledger.family import LockedFamily, lock_and_read_family, patient_and_members
from odpay.db.ledger.payments import get_payment
from odpay.db.practice.cache import get_patient
from odpay.db.state import bump_family, bumps_by_patient, family_version
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
    is no such patient). The same statements as `lock_payer`: the re-read that also returns the
    family costs a few member rows more than the patient's alone, and keeps one locking loop."""
    return lock_payer(conn, pat_num)[0]


def lock_payer(conn: Connection, pat_num: int) -> tuple[Patient | None, LockedFamily | None]:
    """Lock the family of `pat_num`; return the patient as read under that lock (None if there
    is no such patient) and, where it was read with it, the family (`LockedFamily`).

    The family the patient's row names is locked and the patient and the family's members are
    read under that lock, in one round trip on PostgreSQL and MariaDB (`lock_and_read_family`;
    on MySQL the row is read first, the family locked, then the patient and the members read
    again): if another writer moved the patient to another family meanwhile, that family is
    locked too. On SQLite the patient is read once (nothing can move it while the transaction
    holds the database, or it reads ahead in one snapshot) and the family is not read here
    (None): `load_family_to_allocate` or `load_family` reads it.
    """
    if bumps_by_patient(conn):
        locked = lock_and_read_family(conn, pat_num)
        if locked is None:
            return None, None
        guarantor, again, family = locked
    else:
        found = get_patient(conn, pat_num)
        seen: dict[int, int] | None = conn.get_execution_options().get(SEEN_OPTION)
        if seen is not None:
            if found is not None and found.family_guarantor not in seen:
                seen[found.family_guarantor] = family_version(conn, found.family_guarantor)
            return found, None
        if found is None:
            return None, None
        guarantor = found.family_guarantor
        bump_family(conn, guarantor)
        if conn.dialect.name == "sqlite":
            return found, None
        again, family = patient_and_members(conn, pat_num, guarantor)
    while again is not None and again.family_guarantor != guarantor:
        guarantor = again.family_guarantor  # moved meanwhile: lock that family too
        bump_family(conn, guarantor)
        again, family = patient_and_members(conn, pat_num, guarantor)
    return again, family


class _OfPatient(Protocol):
    @property
    def PatNum(self) -> int: ...


R = TypeVar("R", bound=_OfPatient)


def lock_row(conn: Connection, read: Callable[[Connection, int], R | None], num: int) -> R | None:
    """Lock the family of the patient of row `num`; return the row as `read` under that lock.

    None when there is no such row (then nothing is locked, except on SQLite where the write
    transaction holds the database anyway). The row is read, the family locked, the row read
    again: if another writer moved it to another patient meanwhile, that family is locked too,
    until two reads agree.
    """
    found = read(conn, num)
    while found is not None:
        lock_family(conn, found.PatNum)
        if conn.dialect.name == "sqlite":
            return found  # read under the database's write lock, or in one snapshot ahead of it
        again = read(conn, num)
        if again is None or again.PatNum == found.PatNum:
            return again
        found = again
    return None


def lock_payment(conn: Connection, pay_num: int) -> Payment | None:
    """The payment as read under its patient's family lock (`lock_row`)."""
    return lock_row(conn, get_payment, pay_num)
