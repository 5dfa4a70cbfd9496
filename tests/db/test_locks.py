"""lock_family(): the family lock really blocks a second writer (MariaDB, PostgreSQL; SQLite
serialises every writer with BEGIN IMMEDIATE)."""

import threading
import time

from sqlalchemy import Engine

from odpay.db.locks import lock_family
from odpay.services.transaction import family_transaction
from tests.factories import patient, set_row


def _second_writer_waits(db: Engine, first_pat: int, second_pat: int) -> bool:
    """Hold the lock of `first_pat`'s family; does a writer locking `second_pat` wait for it?"""
    holding = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def first() -> None:
        def work(conn: object) -> None:
            lock_family(conn, first_pat)  # type: ignore[arg-type]
            holding.set()
            release.wait(5)
            order.append("first commits")

        family_transaction(db, work)

    def second() -> None:
        holding.wait(5)
        family_transaction(db, lambda conn: lock_family(conn, second_pat))
        order.append("second locked")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    release.set()
    for t in threads:
        t.join(10)
    return order == ["first commits", "second locked"]


def test_two_members_of_one_family_are_serialised(server_db: Engine) -> None:
    db = server_db
    head = patient(db)
    child = patient(db, guarantor=head)
    assert _second_writer_waits(db, head, child)


def test_a_family_whose_guarantor_row_is_gone_is_still_serialised(server_db: Engine) -> None:
    db = server_db
    first = patient(db)
    second = patient(db)
    missing = second + 10_000_000
    set_row(db, "patient", first, Guarantor=missing)
    set_row(db, "patient", second, Guarantor=missing)
    assert _second_writer_waits(db, first, second)


def test_the_guarantor_is_returned_and_zero_means_self(db: Engine) -> None:
    head = patient(db)
    set_row(db, "patient", head, Guarantor=0)
    child = patient(db, guarantor=head)
    assert family_transaction(db, lambda conn: lock_family(conn, child)) == head
    assert family_transaction(db, lambda conn: lock_family(conn, head)) == head
    assert family_transaction(db, lambda conn: lock_family(conn, 987_654_321)) is None
