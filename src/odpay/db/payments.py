"""Reads and writes of `payment` and `paysplit` rows; a payment's splits go in one batch."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, bindparam, delete, insert, select, update

from odpay.db.rows import columns_of, record_reader
from odpay.db.schema import payment, paysplit
from odpay.domain.money import from_double, to_double
from odpay.domain.records import NO_DATE, NewSplit, Payment, PaySplit

PAYMENT_COLUMNS = columns_of(payment, Payment)
PAYSPLIT_COLUMNS = columns_of(paysplit, PaySplit)
payment_record = record_reader(Payment)
paysplit_record = record_reader(PaySplit)

_PAYMENT = select(*PAYMENT_COLUMNS).where(payment.c.PayNum == bindparam("PayNum"))
_SPLITS_OF_PAYMENT = (
    select(*PAYSPLIT_COLUMNS)
    .where(paysplit.c.PayNum == bindparam("PayNum"))
    .order_by(paysplit.c.SplitNum)
)
_PAYSPLIT = select(*PAYSPLIT_COLUMNS).where(paysplit.c.SplitNum == bindparam("SplitNum"))
_INSERT_PAYMENT = insert(payment)
# All of a payment's splits go in one multi-row INSERT: SQLAlchemy writes one for a list of
# rows when the statement returns something ("insertmanyvalues"; SQLite, PostgreSQL, MariaDB),
# and PyMySQL rewrites a plain executemany into one for MySQL, which has no RETURNING.
_INSERT_SPLITS = insert(paysplit)
_INSERT_SPLITS_RETURNING = _INSERT_SPLITS.returning(paysplit.c.SplitNum)


def get_payment(conn: Connection, pay_num: int) -> Payment | None:
    row = conn.execute(_PAYMENT, {"PayNum": pay_num}).first()
    return payment_record(row) if row is not None else None


def splits_of_payment(conn: Connection, pay_num: int) -> list[PaySplit]:
    return [paysplit_record(r) for r in conn.execute(_SPLITS_OF_PAYMENT, {"PayNum": pay_num})]


def get_paysplit(conn: Connection, split_num: int) -> PaySplit | None:
    row = conn.execute(_PAYSPLIT, {"SplitNum": split_num}).first()
    return paysplit_record(row) if row is not None else None


def select_payments() -> Select[Any]:
    return select(*PAYMENT_COLUMNS).order_by(payment.c.PayNum)


def select_paysplits() -> Select[Any]:
    return select(*PAYSPLIT_COLUMNS).order_by(paysplit.c.SplitNum)


def insert_payment(conn: Connection, new: Payment) -> int:
    """Insert `new` (its PayNum is ignored); return the PayNum the database gave it."""
    values = asdict(new)
    del values["PayNum"]
    values["PayAmt"] = to_double(new.PayAmt)
    for flag in ("IsRecurringCC", "IsCcCompleted", "IsSplit"):
        values[flag] = int(values[flag])
    values["PaymentStatus"] = 0
    values["MerchantFee"] = 0.0
    values["ExternalId"] = ""
    return int(conn.execute(_INSERT_PAYMENT, values).inserted_primary_key[0])


def insert_splits(
    conn: Connection,
    pay_num: int,
    splits: Sequence[NewSplit],
    date_entry: date,
    user_num: int,
    now: datetime,
    copied: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Insert the splits in the given order (so SplitNums ascend in it), in one batch.

    `copied`, when given, holds for each split (same order) values of COPIED_SPLIT_COLUMNS
    that replace the defaults: a refund keeps those of the split it mirrors.
    """
    if not splits:
        return
    returning = conn.dialect.insert_executemany_returning
    conn.execute(
        _INSERT_SPLITS_RETURNING if returning else _INSERT_SPLITS,
        [
            {
                **asdict(split),
                "SplitAmt": to_double(split.SplitAmt),
                "PayNum": pay_num,
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
        ],
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
