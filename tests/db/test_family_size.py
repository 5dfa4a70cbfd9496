"""load_family() in a fixed number of statements whatever the family's size, and the look-up
of procedures by the numbers a request names, in any number (no engine's parameter limit)."""

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, insert

from odpay.db import sql as sql_module
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


@dataclass
class _Sent:
    statements: list[str] = field(default_factory=list)
    round_trips: int = 0


@contextmanager
def _statements(conn: Connection) -> Iterator[_Sent]:
    """Every statement `conn` runs, through SQLAlchemy's execution or odpay's own (db/sql.py),
    and the round trips they took (on MariaDB several statements can share one)."""
    sent = _Sent()

    def count(*args: Any) -> None:
        sent.statements.append(args[2])
        sent.round_trips += 1

    run_by_odpay = Sql.cursor
    run_together = sql_module.rows_together

    def counted(sql: Sql, on: Connection, params: Mapping[str, Any]) -> Any:
        sent.statements.append(str(sql.statement))
        sent.round_trips += 1
        return run_by_odpay(sql, on, params)

    def counted_together(on: Connection, statements: Sequence[tuple[Sql, Any]]) -> Any:
        if not sql_module.sends_together(on.dialect):  # each runs through Sql.cursor, counted there
            return run_together(on, statements)
        sent.statements.extend(str(sql.statement) for sql, _ in statements)
        sent.round_trips += 1
        return run_together(on, statements)

    event.listen(conn, "before_cursor_execute", count)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Sql, "cursor", counted)
            patch.setattr(sql_module, "rows_together", counted_together)
            yield sent
    finally:
        event.remove(conn, "before_cursor_execute", count)


def _statements_to_load(db: Engine, pat_num: int) -> tuple[_Sent, Family]:
    with db.connect() as conn, conn.begin():
        # As a use case's transaction does, read odpay_state first: practice rows (unearned
        # types, providers) then come from the process's copy.
        conn.execution_options(**{STATE_OPTION: read_state(conn)})
        load_family(conn, pat_num)
        with _statements(conn) as sent:
            family = load_family(conn, pat_num)
    assert family is not None
    return sent, family


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

    small_sent, small_family = _statements_to_load(db, small)
    large_sent, large_family = _statements_to_load(db, head)

    assert len(small_sent.statements) == len(large_sent.statements) == 9
    # On MariaDB the six after the patient, the members and the plans share one round trip.
    round_trips = 4 if sql_module.sends_together(db.dialect) else 9
    assert small_sent.round_trips == large_sent.round_trips == round_trips
    assert len(small_family.procedures) == 1
    assert len(large_family.members) == 21
    assert len(large_family.procedures) == 10_000
    assert len(large_family.adjustments) == 10_000
    assert len(large_family.paysplits) == 10_000
    assert len(large_family.payplanlinks) == 2_000


def test_a_family_without_payment_plans_loads_in_seven_statements(db: Engine) -> None:
    head = patient(db)
    procedure(db, patient(db, head), "10.00", "2024-01-01")

    sent, family = _statements_to_load(db, head)

    assert len(sent.statements) == 7
    assert sent.round_trips == (4 if sql_module.sends_together(db.dialect) else 7)
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
