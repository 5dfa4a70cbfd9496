"""Reads and writes of `payment` and `paysplit` rows; a payment's splits go in one batch."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnClause,
    Connection,
    Integer,
    bindparam,
    column,
    delete,
    insert,
    literal,
    literal_column,
    select,
    text,
    update,
    values,
)

from odpay.db.rows import columns_of, fields_of
from odpay.db.schema import payment, paysplit, securitylog
from odpay.db.security_log import (
    LOG_WRITTEN,
    SecurityLogEntry,
    insert_security_log,
    security_log_values,
)
from odpay.db.sql import InsertRow, InsertRows, Records, Sql, rows_together, sends_together
from odpay.domain.money import from_double, to_double
from odpay.domain.records import NO_DATE, NewSplit, Payment, PaySplit

PAYMENT_COLUMNS = columns_of(payment, Payment)
PAYSPLIT_COLUMNS = columns_of(paysplit, PaySplit)

_PAYMENT = Records(Payment, select(*PAYMENT_COLUMNS).where(payment.c.PayNum == bindparam("PayNum")))
_SPLITS_OF_PAYMENT = Records(
    PaySplit,
    select(*PAYSPLIT_COLUMNS)
    .where(paysplit.c.PayNum == bindparam("PayNum"))
    .order_by(paysplit.c.SplitNum),
)
_PAYSPLIT = Records(
    PaySplit, select(*PAYSPLIT_COLUMNS).where(paysplit.c.SplitNum == bindparam("SplitNum"))
)
# Payment columns odpay writes; the others keep their defaults.
_PAYMENT_WRITTEN = [c.name for c in PAYMENT_COLUMNS if c.name != "PayNum"] + [
    "PaymentStatus",
    "MerchantFee",
    "ExternalId",
]
_INSERT_PAYMENT = InsertRow(payment, _PAYMENT_WRITTEN)
_SPLIT_WRITTEN = [f.name for f in fields(NewSplit)] + [
    "PayNum",
    "DateEntry",
    "SecUserNumEntry",
    "SecDateTEdit",
    "ProcDate",
    "IsDiscount",
    "DiscountType",
    "SecurityHash",
]
_INSERT_SPLITS = InsertRows(paysplit, _SPLIT_WRITTEN)


def get_payment(conn: Connection, pay_num: int) -> Payment | None:
    return _PAYMENT.first(conn, PayNum=pay_num)


def splits_of_payment(conn: Connection, pay_num: int) -> list[PaySplit]:
    return _SPLITS_OF_PAYMENT.all(conn, PayNum=pay_num)


def get_paysplit(conn: Connection, split_num: int) -> PaySplit | None:
    return _PAYSPLIT.first(conn, SplitNum=split_num)


def page_of_payments(
    conn: Connection,
    pat_num: int | None,
    pay_type: int | None,
    entered_since: date | None,
    limit: int,
    offset: int,
) -> list[Payment]:
    """Payments by PayNum, filtered by those of the three filters that are given."""
    page = _payment_page(pat_num is not None, pay_type is not None, entered_since is not None)
    return page.all(
        conn,
        PatNum=pat_num,
        PayType=pay_type,
        DateEntry=entered_since,
        limit=limit,
        offset=offset,
    )


@lru_cache(maxsize=8)
def _payment_page(by_patient: bool, by_type: bool, by_entry: bool) -> Records[Payment]:
    statement = select(*PAYMENT_COLUMNS).order_by(payment.c.PayNum)
    if by_patient:
        statement = statement.where(payment.c.PatNum == bindparam("PatNum"))
    if by_type:
        statement = statement.where(payment.c.PayType == bindparam("PayType"))
    if by_entry:
        statement = statement.where(payment.c.DateEntry >= bindparam("DateEntry"))
    page = statement.limit(bindparam("limit")).offset(bindparam("offset"))
    return Records(Payment, page, planned_per_run=True)


def page_of_paysplits(
    conn: Connection,
    pat_num: int | None,
    pay_num: int | None,
    proc_num: int | None,
    limit: int,
    offset: int,
) -> list[PaySplit]:
    """Splits by SplitNum, filtered by those of the three filters that are given."""
    page = _paysplit_page(pat_num is not None, pay_num is not None, proc_num is not None)
    return page.all(
        conn, PatNum=pat_num, PayNum=pay_num, ProcNum=proc_num, limit=limit, offset=offset
    )


@lru_cache(maxsize=8)
def _paysplit_page(by_patient: bool, by_payment: bool, by_procedure: bool) -> Records[PaySplit]:
    statement = select(*PAYSPLIT_COLUMNS).order_by(paysplit.c.SplitNum)
    for name, wanted in (("PatNum", by_patient), ("PayNum", by_payment), ("ProcNum", by_procedure)):
        if wanted:
            statement = statement.where(paysplit.c[name] == bindparam(name))
    page = statement.limit(bindparam("limit")).offset(bindparam("offset"))
    return Records(PaySplit, page, planned_per_run=True)


def insert_payment(
    conn: Connection,
    new: Payment,
    splits: Sequence[NewSplit],
    log: SecurityLogEntry,
    copied: Sequence[Mapping[str, Any]] = (),
) -> int:
    """Insert `new` (its PayNum is ignored), its splits (`insert_splits`) and the securitylog
    row of its creation, whose FKey is the payment; return the PayNum the database gave it.

    On PostgreSQL the three go in one statement (`_payment_write`), on MariaDB in one
    multi-statement round trip (`_payment_batch`): either saves the POST two round trips to the
    server. On SQLite they are three statements.
    """
    payment_values = _payment_values(new)
    rows = _split_rows(splits, new.DateEntry, new.SecUserNumEntry, new.SecDateTEdit, copied)
    if 0 < len(rows) <= InsertRows.CHUNK and (
        conn.dialect.name == "postgresql" or sends_together(conn.dialect)
    ):
        return _write_in_one_round_trip(conn, payment_values, rows, security_log_values(log))
    pay_num = _INSERT_PAYMENT.key(conn, payment_values)
    _insert_split_rows(conn, pay_num, rows)
    insert_security_log(conn, log, pay_num)
    return pay_num


def insert_splits(
    conn: Connection,
    pay_num: int,
    splits: Sequence[NewSplit],
    date_entry: date,
    user_num: int,
    now: datetime,
) -> None:
    """Insert the splits of payment `pay_num` in the given order (so SplitNums ascend in
    it), in one INSERT."""
    _insert_split_rows(conn, pay_num, _split_rows(splits, date_entry, user_num, now))


def _insert_split_rows(conn: Connection, pay_num: int, rows: Sequence[Mapping[str, Any]]) -> None:
    _INSERT_SPLITS.run(conn, [{**row, "PayNum": pay_num} for row in rows])


def _payment_values(new: Payment) -> dict[str, Any]:
    values = fields_of(new)
    del values["PayNum"]
    values["PayAmt"] = to_double(new.PayAmt)
    values["PaymentStatus"] = 0
    values["MerchantFee"] = 0.0
    values["ExternalId"] = ""
    return values


def _split_rows(
    splits: Sequence[NewSplit],
    date_entry: date,
    user_num: int,
    now: datetime,
    copied: Sequence[Mapping[str, Any]] = (),
) -> list[dict[str, Any]]:
    """The paysplit rows of `splits` but for their PayNum. `copied`, when given, holds for
    each split (same order) values of COPIED_SPLIT_COLUMNS that replace the defaults: a refund
    keeps those of the split it mirrors."""
    return [
        {
            **fields_of(split),
            "SplitAmt": to_double(split.SplitAmt),
            "DateEntry": date_entry,
            "SecUserNumEntry": user_num,
            "SecDateTEdit": now,
            "ProcDate": NO_DATE,
            "IsDiscount": 0,
            "DiscountType": 0,
            "SecurityHash": "",
            **(copied[i] if copied else {}),
        }
        for i, split in enumerate(splits)
    ]


@lru_cache(maxsize=InsertRows.CHUNK)
def _payment_write(count: int) -> Sql:
    """The one statement of a payment with `count` splits, compiled once per count.

    The payment's INSERT is a data-modifying WITH query whose RETURNING gives the new PayNum
    to the other two INSERTs, one per table, and to the caller. The splits come from a VALUES
    list numbered in the caller's order and are inserted in that order (ORDER BY), so their
    SplitNums ascend in it as with the plain INSERT.
    """
    new_payment = (
        insert(payment)
        .values({name: bindparam(name) for name in _PAYMENT_WRITTEN})
        .returning(payment.c.PayNum)
        .cte("new_payment")
    )
    pay_num = select(new_payment.c.PayNum).scalar_subquery()
    listed = values(
        column("ordinal", Integer()),
        *(column(name, paysplit.c[name].type) for name in _SPLIT_VALUES),
        name="new_splits",
    ).data(
        [
            (
                literal(i, Integer()),
                *(bindparam(f"{name}_{i}", type_=paysplit.c[name].type) for name in _SPLIT_VALUES),
            )
            for i in range(count)
        ]
    )
    splits = insert(paysplit).from_select(
        [*_SPLIT_VALUES, "PayNum"],
        select(*(listed.c[name] for name in _SPLIT_VALUES), pay_num).order_by(listed.c.ordinal),
    )
    log = insert(securitylog).from_select(
        [*_LOG_VALUES, "FKey"],
        select(
            *(
                bindparam(f"log_{name}", type_=securitylog.c[name].type).label(name)
                for name in _LOG_VALUES
            ),
            pay_num,
        ),
    )
    return Sql(
        select(new_payment.c.PayNum).add_cte(
            splits.cte("new_splits_written"), log.cte("new_log_written")
        )
    )


_SPLIT_VALUES = [name for name in _SPLIT_WRITTEN if name != "PayNum"]
_LOG_VALUES = [name for name in LOG_WRITTEN if name != "FKey"]
_PAY_NUM_VARIABLE = "@odpay_PayNum"  # MariaDB session variable of `_payment_batch`


def _write_in_one_round_trip(
    conn: Connection,
    payment_values: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    log_values: Mapping[str, Any],
) -> int:
    """The payment, its splits and its securitylog row in one round trip: on PostgreSQL one
    statement (`_payment_write`), on MariaDB one multi-statement query (`_payment_batch`).
    The new PayNum."""
    splits = {f"{name}_{i}": row[name] for i, row in enumerate(rows) for name in _SPLIT_VALUES}
    if conn.dialect.name == "postgresql":
        log = {f"log_{name}": value for name, value in log_values.items()}
        found = _payment_write(len(rows)).first(conn, **payment_values, **splits, **log)
        assert found is not None
        return int(found[0])
    params: tuple[Mapping[str, Any], ...] = (payment_values, {}, splits, log_values, {})
    written = rows_together(conn, list(zip(_payment_batch(len(rows)), params, strict=True)))
    return int(written[-1][0][0])


@lru_cache(maxsize=InsertRows.CHUNK)
def _payment_batch(count: int) -> tuple[Sql, ...]:
    """The statements of a payment with `count` splits, for MariaDB's one round trip: the
    payment's INSERT; its new PayNum kept in a session variable; the splits and the
    securitylog row, which take it from there; the PayNum read back."""
    pay_num: ColumnClause[int] = literal_column(_PAY_NUM_VARIABLE, Integer())
    splits = insert(paysplit).values(
        [
            {**{name: bindparam(f"{name}_{i}") for name in _SPLIT_VALUES}, "PayNum": pay_num}
            for i in range(count)
        ]
    )
    log = insert(securitylog).values(
        {**{name: bindparam(name) for name in _LOG_VALUES}, "FKey": pay_num}
    )
    return (
        _INSERT_PAYMENT.plain,
        Sql(text(f"SET {_PAY_NUM_VARIABLE} = LAST_INSERT_ID()")),
        Sql(splits),
        Sql(log),
        Sql(select(pay_num)),
    )


# paysplit columns the PaySplit record does not carry but a refund copies (payments.md §4.2).
COPIED_SPLIT_COLUMNS = ("ProcDate", "IsDiscount", "DiscountType")


def copied_split_columns(conn: Connection, pay_num: int) -> list[dict[str, Any]]:
    """COPIED_SPLIT_COLUMNS of the payment's splits, in SplitNum order."""
    rows = conn.execute(
        select(*(paysplit.c[name] for name in COPIED_SPLIT_COLUMNS))
        .where(paysplit.c.PayNum == pay_num)
        .order_by(paysplit.c.SplitNum)
    )
    return [dict(r._mapping) for r in rows]


def delete_splits(conn: Connection, pay_num: int) -> None:
    conn.execute(delete(paysplit).where(paysplit.c.PayNum == pay_num))


def update_payment(conn: Connection, pay_num: int, **values: Any) -> None:
    conn.execute(update(payment).where(payment.c.PayNum == pay_num).values(**values))


def update_paysplit(conn: Connection, split_num: int, **values: Any) -> None:
    conn.execute(update(paysplit).where(paysplit.c.SplitNum == split_num).values(**values))


def refund_exists(conn: Connection, splits: Iterable[PaySplit]) -> bool:
    """Has some other split reversed one of these (FSplitNum = it, SplitAmt = minus it)? (D8)"""
    by_num = {s.SplitNum: s.SplitAmt for s in splits}
    if not by_num:
        return False
    rows = conn.execute(
        select(paysplit.c.FSplitNum, paysplit.c.SplitAmt).where(
            paysplit.c.FSplitNum.in_(list(by_num))
        )
    )
    return any(from_double(r.SplitAmt) == -by_num[int(r.FSplitNum)] for r in rows)
