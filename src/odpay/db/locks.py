"""lock_family(): serialise writers of one family in the database itself.

Spec: allocation.md §11. Two payments for one family must not both see the same charge
open, so the guarantor's patient row is locked before the ledger is read. On SQLite the write
transaction already holds the database's single write lock (BEGIN IMMEDIATE, db/engine.py).
"""

from sqlalchemy import Connection, select

from odpay.db.schema import patient


def lock_family(conn: Connection, pat_num: int) -> int | None:
    """Lock the family of `pat_num`; return its guarantor's PatNum, or None if no such patient.

    The guarantor is read, locked, then read again: if another writer moved the patient to
    another family meanwhile, that family is locked too.
    """
    locking = conn.dialect.name != "sqlite"
    guarantor = _guarantor_of(conn, pat_num)
    while guarantor is not None and locking:
        conn.execute(
            select(patient.c.PatNum).where(patient.c.PatNum == guarantor).with_for_update()
        )
        again = _guarantor_of(conn, pat_num)
        if again == guarantor:
            break
        guarantor = again
    return guarantor


def _guarantor_of(conn: Connection, pat_num: int) -> int | None:
    row = conn.execute(select(patient.c.Guarantor).where(patient.c.PatNum == pat_num)).first()
    if row is None:
        return None
    return int(row.Guarantor) or pat_num
