"""lock_family(): the family lock really blocks a second writer (MariaDB, PostgreSQL; SQLite
serialises every writer with BEGIN IMMEDIATE)."""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import pytest
from sqlalchemy import Connection, Engine

from odpay.db import locks
from odpay.db.ledger.family import (
    LockedFamily,
    load_family,
    load_family_to_allocate,
)
from odpay.db.locks import lock_family, lock_payer, lock_row
from odpay.db.practice.cache import get_patient
from odpay.db.state import bumps_by_patient, family_version
from odpay.domain.family import Family
from odpay.domain.records import Patient
from odpay.services.transaction import family_transaction
from tests.factories import add, adjustment, patient, payment, procedure, set_row


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


@dataclass(frozen=True)
class _Row:
    PatNum: int


def _moving_reader(first: int, then: int) -> tuple[list[int], Callable[[Connection, int], _Row]]:
    """A row read as `first`'s the first time and as `then`'s from then on."""
    reads: list[int] = []

    def read(conn: Connection, num: int) -> _Row:
        reads.append(num)
        return _Row(first if len(reads) == 1 else then)

    return reads, read


def _versions(db: Engine, *pats: int) -> list[int]:
    with db.connect() as conn:
        return [family_version(conn, pat) for pat in pats]


def test_lock_row_follows_a_row_moved_to_another_family(server_db: Engine) -> None:
    db = server_db
    a, b = patient(db), patient(db)
    before = _versions(db, a, b)
    reads, read = _moving_reader(a, b)
    locked = family_transaction(db, lambda conn: lock_row(conn, read, 7))
    assert locked == _Row(b)
    assert reads == [7, 7, 7]  # read, moved, read again: the two last reads agree
    assert _versions(db, a, b) == [before[0] + 1, before[1] + 1]


def test_lock_row_locks_nothing_for_a_missing_row(db: Engine) -> None:
    a = patient(db)
    before = _versions(db, a)
    assert family_transaction(db, lambda conn: lock_row(conn, lambda c, n: None, a)) is None
    assert _versions(db, a) == before


def test_lock_row_on_sqlite_reads_once_under_the_database_lock(db: Engine) -> None:
    a, b = patient(db), patient(db)
    reads, read = _moving_reader(a, b)
    locked = family_transaction(db, lambda conn: lock_row(conn, read, 7))
    if db.dialect.name == "sqlite":
        assert (locked, reads) == (_Row(a), [7])
    else:
        assert (locked, reads) == (_Row(b), [7, 7, 7])


def _members(db: Engine, pat_num: int) -> tuple[int, ...]:
    with db.connect() as conn:
        family = load_family(conn, pat_num)
    assert family is not None
    return tuple(m.PatNum for m in family.members)


def test_lock_payer_reads_the_patient_and_the_members_load_family_reads(db: Engine) -> None:
    head = patient(db)
    child = patient(db, guarantor=head)
    patient(db)  # another family
    found, locked = family_transaction(db, lambda conn: lock_payer(conn, child))
    assert found is not None and (found.PatNum, found.Guarantor) == (child, head)
    if db.dialect.name == "sqlite":
        assert locked is None  # load_family reads the family
    else:
        assert locked is not None and not locked.has_plans
        assert tuple(m.PatNum for m in locked.members) == _members(db, child) == (head, child)
    assert family_transaction(db, lambda conn: lock_payer(conn, 987_654_321)) == (None, None)


def test_lock_payer_follows_a_patient_moved_to_another_family(
    server_db: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found in family A, moved to family B before the family was read under the lock: B is
    locked too, and the members are B's. Here the family is found by a read before the lock
    (MySQL); the lock that finds it itself (PostgreSQL, MariaDB) is the next test's."""
    db = server_db
    a, b = patient(db), patient(db)
    mover = patient(db, guarantor=a)
    stale = family_transaction(db, lambda conn: get_patient(conn, mover))
    set_row(db, "patient", mover, Guarantor=b)
    monkeypatch.setattr(locks, "bumps_by_patient", lambda conn: False)
    monkeypatch.setattr(locks, "get_patient", lambda conn, pat_num: stale)
    before = _versions(db, a, b)
    found, locked = family_transaction(db, lambda conn: lock_payer(conn, mover))
    assert found is not None and found.Guarantor == b
    assert locked is not None and tuple(m.PatNum for m in locked.members) == (b, mover)
    assert _versions(db, a, b) == [before[0] + 1, before[1] + 1]


def test_lock_payer_waiting_for_a_writer_that_moves_the_patient_locks_the_new_family(
    server_db: Engine,
) -> None:
    """A writer holds family A's lock and moves the patient to family B; lock_payer, started
    meanwhile, waits for A, then finds the patient in B: it locks B too and reads B's members,
    not the family its statement saw when it began (PostgreSQL reads in the lock's statement,
    from the snapshot the statement began with: the family's version tells it to read again)."""
    db = server_db
    a, b = patient(db), patient(db)
    sibling = patient(db, guarantor=a)
    mover = patient(db, guarantor=a)
    assert family_transaction(db, bumps_by_patient)
    holding, waiting = threading.Event(), threading.Event()

    def writer(conn: Connection) -> None:
        lock_family(conn, a)
        set_row(conn, "patient", mover, Guarantor=b)
        holding.set()
        waiting.wait(5)
        time.sleep(0.3)  # lock_payer's statement is waiting for family A by now

    moving = threading.Thread(target=family_transaction, args=(db, writer))
    moving.start()
    holding.wait(5)
    before = _versions(db, a, b)

    def payer(conn: Connection) -> tuple[Patient | None, LockedFamily | None]:
        waiting.set()
        return lock_payer(conn, mover)

    found, locked = family_transaction(db, payer)
    moving.join(5)
    assert found is not None and found.Guarantor == b
    assert locked is not None and tuple(m.PatNum for m in locked.members) == (b, mover)
    assert sibling not in {m.PatNum for m in locked.members}
    # A: the writer's bump and the payer's (it locked the family the patient was in when it
    # began); B: the payer's.
    assert _versions(db, a, b) == [before[0] + 2, before[1] + 1]


def _family_as_locked(
    db: Engine, pat_num: int
) -> tuple[LockedFamily, Family | None, Family | None]:
    """What lock_payer read of the family, the family load_family_to_allocate reads with it,
    and the whole family load_family reads."""

    def both(conn: Connection) -> tuple[LockedFamily, Family | None, Family | None]:
        payer, locked = lock_payer(conn, pat_num)
        assert payer is not None and locked is not None
        with_lock = load_family_to_allocate(conn, payer, locked)
        return locked, with_lock, load_family(conn, pat_num)

    return family_transaction(db, both)


def test_the_lock_tells_whether_the_family_has_plans_as_load_family_finds_them(
    server_db: Engine,
) -> None:
    """A plan counts when a member is its patient or the payer its guarantor
    (allocation.md §2.5); with none, load_family reads no plan at all."""
    db = server_db
    head = patient(db)
    child = patient(db, guarantor=head)
    outsider = patient(db)
    add(db, "payplan", PatNum=outsider, Guarantor=child, IsDynamic=1)  # the child guarantees it
    add(db, "payplan", PatNum=outsider, Guarantor=outsider, IsDynamic=1)
    cases = {head: False, child: True}  # only the payer's guarantees count
    plain = patient(db)
    cases[plain] = False
    with_own_plan = patient(db)
    add(db, "payplan", PatNum=with_own_plan, Guarantor=outsider, IsDynamic=1)
    cases[with_own_plan] = True
    member_of_planned = patient(db, guarantor=with_own_plan)
    cases[member_of_planned] = True  # a member's plan
    for pat_num, expected in cases.items():
        locked, with_lock, alone = _family_as_locked(db, pat_num)
        assert locked.has_plans is expected, pat_num
        assert with_lock == alone and alone is not None
        assert bool(alone.payplans) is expected


def test_the_lock_tells_whether_a_member_has_adjustments_and_claimprocs(
    server_db: Engine,
) -> None:
    """An adjustment or a claimproc counts when a member is its patient: in a family without
    plans the engine reads no other (allocation.md §2.1 step 2, §2.2). A family with neither
    reads neither; rows of other patients on the members' procedures are left out of the family
    to allocate, and are in the whole family."""
    db = server_db
    on = "2026-01-05"
    outsider = patient(db)

    def family(kind: str) -> int:
        head = patient(db)
        child = patient(db, guarantor=head)
        proc = procedure(db, child, "80.00", on)
        payment(db, child, "5.00", splits=[{"SplitAmt": "5.00", "ProcNum": proc}])
        if kind == "member's adjustment":
            adj = adjustment(db, child, "-10.00", on)
            payment(db, child, "2.00", splits=[{"SplitAmt": "2.00", "AdjNum": adj}])
        elif kind == "outsider's adjustment on a member's procedure":
            adj = adjustment(db, outsider, "-10.00", on, ProcNum=proc)
            payment(db, outsider, "2.00", splits=[{"SplitAmt": "2.00", "AdjNum": adj}])
        elif kind == "member's claimproc":
            add(db, "claimproc", PatNum=child, ProcNum=0, Status=1, InsPayAmt="20.00")
        elif kind == "outsider's claimproc on a member's procedure":
            add(db, "claimproc", PatNum=outsider, ProcNum=proc, Status=6, InsPayEst="20.00")
        return head

    cases = {  # kind: the flags, and whether the whole family holds another patient's rows
        "procedures only": ((False, False), False),
        "member's adjustment": ((True, False), False),
        "outsider's adjustment on a member's procedure": ((False, False), True),
        "member's claimproc": ((False, True), False),
        "outsider's claimproc on a member's procedure": ((False, False), True),
    }
    for kind, (flags, others) in cases.items():
        locked, with_lock, alone = _family_as_locked(db, family(kind))
        assert (locked.has_adjustments, locked.has_claimprocs) == flags, kind
        assert with_lock is not None and alone is not None, kind
        members = alone.member_nums
        assert with_lock == replace(
            alone,
            adjustments=tuple(a for a in alone.adjustments if a.PatNum in members),
            claimprocs=tuple(c for c in alone.claimprocs if c.PatNum in members),
            paysplits=tuple(s for s in alone.paysplits if s.PatNum in members),
        ), kind
        assert (with_lock != alone) is others, kind
