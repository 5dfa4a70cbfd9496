"""load_family() in a fixed number of statements whatever the family's size, and the look-up
of procedures by the numbers a request names, in any number (no engine's parameter limit)."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, insert

from odpay.db.ledger.family import load_family, procedure_patients
from odpay.db.practice import cache as practice
from odpay.db.practice.cache import STATE_OPTION
from odpay.db.schema import metadata
from odpay.db.sql import Sql
from odpay.db.state import read_state
from odpay.domain.family import Family
from tests.factories import add, patient, payment, procedure


def _load(db: Engine, pat_num: int) -> Family:
    with db.connect() as conn:
        family = load_family(conn, pat_num)
    assert family is not None
    return family


@contextmanager
def _statements(conn: Connection) -> Iterator[list[str]]:
    """Every statement `conn` runs, through SQLAlchemy's execution or odpay's own (db/sql.py)."""
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(args[2])

    run_by_odpay = Sql.cursor

    def counted(sql: Sql, on: Connection, params: Mapping[str, Any]) -> Any:
        seen.append(str(sql.statement))
        return run_by_odpay(sql, on, params)

    event.listen(conn, "before_cursor_execute", count)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Sql, "cursor", counted)
            yield seen
    finally:
        event.remove(conn, "before_cursor_execute", count)


def _statements_to_load(db: Engine, pat_num: int) -> tuple[int, Family]:
    with db.connect() as conn, conn.begin():
        # As a use case's transaction does, read odpay_state first: practice rows (unearned
        # types, providers) then come from the process's copy.
        conn.execution_options(**{STATE_OPTION: read_state(conn)})
        load_family(conn, pat_num)
        with _statements(conn) as seen:
            family = load_family(conn, pat_num)
    assert family is not None
    return len(seen), family


def _bulk(db: Engine, table: str, rows: list[dict[str, Any]]) -> None:
    with db.begin() as conn:
        conn.execute(insert(metadata.tables[table]), rows)


@pytest.fixture(autouse=True)
def _practice_copy_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process's copy of practice rows is read again after MAX_AGE_SECONDS; a slow run
    must not count that reading as the family's."""
    monkeypatch.setattr(practice, "MAX_AGE_SECONDS", 3600.0)


def test_a_family_loads_in_the_same_statements_whatever_its_size(db: Engine) -> None:
    small = patient(db)
    procedure(db, small, "10.00", "2024-01-01")
    add(db, "payplan", PatNum=small, Guarantor=small, IsDynamic=1)

    head = patient(db)
    for _ in range(20):
        patient(db, head)
    outsider = patient(db)
    plan = add(db, "payplan", PatNum=outsider, Guarantor=head, IsDynamic=1)
    day = date(2024, 1, 1)
    _bulk(
        db,
        "procedurelog",
        [
            {"PatNum": head, "ProcDate": day, "ProcFee": 1.0, "ProcStatus": 2, "ProvNum": 1}
            for _ in range(10_000)
        ],
    )
    proc_nums = _proc_nums(db, head)
    _bulk(
        db,
        "payplanlink",
        [{"PayPlanNum": plan, "LinkType": 2, "FKey": n} for n in proc_nums[:2_000]],
    )
    _bulk(
        db,
        "adjustment",
        [{"PatNum": outsider, "AdjDate": day, "AdjAmt": 1.0, "ProcNum": n} for n in proc_nums],
    )
    pay_num = payment(db, head, "10000.00")
    _bulk(
        db,
        "paysplit",
        [
            {"PayNum": pay_num, "PatNum": outsider, "SplitAmt": 1.0, "ProcNum": n, "DatePay": day}
            for n in proc_nums
        ],
    )

    small_count, small_family = _statements_to_load(db, small)
    large_count, large_family = _statements_to_load(db, head)

    assert small_count == large_count == 9
    assert len(small_family.procedures) == 1
    assert len(large_family.members) == 21
    assert len(large_family.procedures) == 10_000
    assert len(large_family.adjustments) == 10_000
    assert len(large_family.paysplits) == 10_000
    assert len(large_family.payplanlinks) == 2_000


def test_a_family_without_payment_plans_loads_in_seven_statements(db: Engine) -> None:
    head = patient(db)
    procedure(db, patient(db, head), "10.00", "2024-01-01")

    count, family = _statements_to_load(db, head)

    assert count == 7
    assert len(family.members) == 2
    assert len(family.procedures) == 1


def _proc_nums(db: Engine, pat_num: int) -> list[int]:
    return [p.ProcNum for p in _load(db, pat_num).procedures]


def test_named_procedures_are_found_in_any_number(db: Engine) -> None:
    head = patient(db)
    _bulk(
        db,
        "procedurelog",
        [{"PatNum": head, "ProcDate": date(2024, 1, 2), "ProcFee": 1.0, "ProcStatus": 2}] * 1_201,
    )
    existing = _proc_nums(db, head)
    wanted = [*existing, existing[0], -5, 0, 10**15]

    with db.connect() as conn:
        owners = procedure_patients(conn, wanted)

    assert len(existing) == 1_201
    assert owners == dict.fromkeys(existing, head)
