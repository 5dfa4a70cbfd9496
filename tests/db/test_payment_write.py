"""insert_payment: a payment, its splits and its securitylog row, as one statement on
PostgreSQL, in one round trip on MariaDB and as three statements on SQLite, with the same rows
every way."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from odpay.db.ledger.payments import insert_payment
from odpay.db.security_log import SecurityLogEntry
from odpay.db.sql import InsertRows
from odpay.db.transactions import write_transaction
from odpay.domain.money import from_double
from odpay.domain.records import NO_DATE, NO_DATETIME, NewSplit, Payment
from tests.factories import patient, procedure, rows

NOW = datetime(2024, 6, 15, 12, 30, 5)
TODAY = NOW.date()


def _payment(pat_num: int, amount: str) -> Payment:
    return Payment(
        PayNum=0,
        PayType=0,
        PayDate=TODAY,
        PayAmt=Decimal(amount),
        PatNum=pat_num,
        CheckNum="",
        BankBranch="",
        PayNote="",
        ClinicNum=0,
        DateEntry=TODAY,
        SecUserNumEntry=7,
        SecDateTEdit=NOW,
        RecurringChargeDate=NO_DATE,
    )


def _log(pat_num: int) -> SecurityLogEntry:
    return SecurityLogEntry(15, 7, pat_num, "Payment created for a test.", NOW, NO_DATETIME)


@pytest.mark.parametrize("count", [1, 3, InsertRows.CHUNK, InsertRows.CHUNK + 1])
def test_the_splits_take_the_new_paynum_in_the_given_order_and_the_log_names_it(
    db: Engine, count: int
) -> None:
    with write_transaction(db) as conn:
        pat_num = patient(conn)
        proc_nums = [procedure(conn, pat_num, "1.00", TODAY) for _ in range(count)]
    # Newest procedure first, so SplitNum order differs from ProcNum order.
    splits = [
        NewSplit(SplitAmt=Decimal("0.01") * (i + 1), PatNum=pat_num, DatePay=TODAY, ProcNum=p)
        for i, p in enumerate(reversed(proc_nums))
    ]
    total = sum((s.SplitAmt for s in splits), Decimal("0.00"))

    with write_transaction(db) as conn:
        pay_num = insert_payment(conn, _payment(pat_num, str(total)), splits, _log(pat_num))

    [stored] = rows(db, "payment", PayNum=pay_num)
    assert (stored["PatNum"], from_double(stored["PayAmt"]), stored["SecUserNumEntry"]) == (
        pat_num,
        total,
        7,
    )
    written = sorted(rows(db, "paysplit", PayNum=pay_num), key=lambda r: r["SplitNum"])
    assert [(r["ProcNum"], from_double(r["SplitAmt"])) for r in written] == [
        (s.ProcNum, s.SplitAmt) for s in splits
    ]
    assert {(r["DateEntry"], r["SecUserNumEntry"], r["SecDateTEdit"]) for r in written} == {
        (TODAY, 7, NOW)
    }
    [log] = rows(db, "securitylog", FKey=pay_num, PatNum=pat_num)
    assert (log["PermType"], log["UserNum"], log["LogText"], log["LogDateTime"]) == (
        15,
        7,
        "Payment created for a test.",
        NOW,
    )
    assert (log["CompName"], log["LogSource"]) == ("odpay", 23)


def test_a_failing_split_leaves_neither_payment_nor_log(db: Engine) -> None:
    with write_transaction(db) as conn:
        pat_num = patient(conn)
    splits = [NewSplit(SplitAmt=Decimal("1.00"), PatNum=pat_num, DatePay=date(2024, 6, 1))]

    with pytest.raises(DBAPIError), write_transaction(db) as conn:
        insert_payment(
            conn,
            _payment(pat_num, "1.00"),
            splits,
            _log(pat_num),
            copied=[{"PatNum": None}],  # paysplit.PatNum is NOT NULL: the insert fails
        )

    assert rows(db, "payment", PatNum=pat_num) == []
    assert rows(db, "securitylog", PatNum=pat_num) == []
