"""Reads and writes of `payplan`, `payplancharge` and `payplanlink` rows for the PayPlans and
PayPlanCharges resources (the allocation engine reads plans through `db.family`)."""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from odpay.db.rows import fields_of, insert_row, record_of
from odpay.db.schema import adjustment, payplan, payplancharge, payplanlink, paysplit, procedurelog
from odpay.domain.money import exact_from_double, to_double
from odpay.domain.payplans.rows import PayPlanChargeRow, PayPlanRow
from odpay.domain.records import PayPlanLink

_MONEY = ("APR", "CompletedAmt", "PayAmt", "DownPayment")
_CHARGE_MONEY = ("Principal", "Interest")
_IN_LIST_CHUNK = 500


def payplan_row(row: Any) -> PayPlanRow:
    """The plan; APR is a rate, not money, so it is kept as written, not rounded to cents."""
    plan = record_of(PayPlanRow, row)
    return replace(plan, APR=exact_from_double(row._mapping["APR"]))


def get_payplan_row(conn: Connection, pay_plan_num: int) -> PayPlanRow | None:
    row = conn.execute(select(payplan).where(payplan.c.PayPlanNum == pay_plan_num)).first()
    return payplan_row(row) if row is not None else None


def lock_payplan(conn: Connection, pay_plan_num: int) -> None:
    """Row-lock the plan so two edits of one plan queue (SQLite's writer lock already does)."""
    if conn.dialect.name != "sqlite":
        conn.execute(
            select(payplan.c.PayPlanNum)
            .where(payplan.c.PayPlanNum == pay_plan_num)
            .with_for_update()
        )


def payplans_for(conn: Connection, pat_num: int, guarantor: int) -> list[PayPlanRow]:
    """Plans of patient `pat_num` and of guarantor `guarantor` (0 = either), by key."""
    statement = select(payplan).order_by(payplan.c.PayPlanNum)
    if pat_num > 0:
        statement = statement.where(payplan.c.PatNum == pat_num)
    if guarantor > 0:
        statement = statement.where(payplan.c.Guarantor == guarantor)
    rows = conn.execute(statement)
    return [payplan_row(r) for r in rows]


def charges_of(
    conn: Connection, pay_plan_num: int, due_by: date | None = None
) -> list[PayPlanChargeRow]:
    """The plan's charges by PayPlanChargeNum; only those dated on or before `due_by` if given."""
    statement = select(payplancharge).where(payplancharge.c.PayPlanNum == pay_plan_num)
    if due_by is not None:
        statement = statement.where(payplancharge.c.ChargeDate <= due_by)
    rows = conn.execute(statement.order_by(payplancharge.c.PayPlanChargeNum))
    return [record_of(PayPlanChargeRow, r) for r in rows]


def links_of(conn: Connection, pay_plan_num: int) -> list[PayPlanLink]:
    rows = conn.execute(
        select(payplanlink)
        .where(payplanlink.c.PayPlanNum == pay_plan_num)
        .order_by(payplanlink.c.PayPlanLinkNum)
    )
    return [record_of(PayPlanLink, r) for r in rows]


def has_splits(conn: Connection, pay_plan_num: int) -> bool:
    count = conn.execute(
        select(func.count()).select_from(paysplit).where(paysplit.c.PayPlanNum == pay_plan_num)
    ).scalar_one()
    return bool(count)


def rows_by_key(conn: Connection, table: Any, keys: Iterable[int]) -> dict[int, Any]:
    """Rows of `table` (procedurelog or adjustment) whose key is in `keys`, by key."""
    wanted = sorted(set(keys))
    primary = next(iter(table.primary_key.columns))
    found: dict[int, Any] = {}
    for start in range(0, len(wanted), _IN_LIST_CHUNK):
        chunk = wanted[start : start + _IN_LIST_CHUNK]
        for row in conn.execute(select(table).where(primary.in_(chunk))):
            found[int(row._mapping[primary.name])] = row
    return found


def procedures_by_num(conn: Connection, proc_nums: Iterable[int]) -> dict[int, Any]:
    return rows_by_key(conn, procedurelog, proc_nums)


def adjustments_by_num(conn: Connection, adj_nums: Iterable[int]) -> dict[int, Any]:
    return rows_by_key(conn, adjustment, adj_nums)


def linked_elsewhere(
    conn: Connection, link_type: int, fkeys: Sequence[int], but_plan: int = 0
) -> set[int]:
    """Those of `fkeys` already attached (by a link of `link_type`) to a plan other than
    `but_plan` that is still open."""
    found: set[int] = set()
    for start in range(0, len(fkeys), _IN_LIST_CHUNK):
        chunk = list(fkeys[start : start + _IN_LIST_CHUNK])
        rows = conn.execute(
            select(payplanlink.c.FKey)
            .select_from(
                payplanlink.join(payplan, payplan.c.PayPlanNum == payplanlink.c.PayPlanNum)
            )
            .where(
                and_(
                    payplanlink.c.LinkType == link_type,
                    payplanlink.c.FKey.in_(chunk),
                    payplanlink.c.PayPlanNum != but_plan,
                    payplan.c.IsClosed == 0,
                )
            )
        )
        found.update(int(r.FKey) for r in rows)
    return found


def insert_payplan(conn: Connection, plan: PayPlanRow) -> int:
    values = fields_of(plan)
    del values["PayPlanNum"]
    for name in _MONEY:
        values[name] = to_double(values[name])
    for flag in ("IsClosed", "IsDynamic", "IsLocked"):
        values[flag] = int(values[flag])
    return insert_row(conn, payplan, values)


def update_payplan(conn: Connection, pay_plan_num: int, **values: Any) -> None:
    """Set `values` on the plan; nothing changed (an empty body, a repeated PUT) is no UPDATE."""
    if not values:
        return
    for name in _MONEY:
        if name in values:
            values[name] = to_double(values[name])
    for flag in ("IsClosed", "IsDynamic", "IsLocked"):
        if flag in values:
            values[flag] = int(values[flag])
    conn.execute(update(payplan).where(payplan.c.PayPlanNum == pay_plan_num).values(**values))


def insert_links(
    conn: Connection, pay_plan_num: int, links: Sequence[tuple[int, int]], now: datetime
) -> None:
    """One payplanlink per (LinkType, FKey), AmountOverride 0 (the whole remaining amount)."""
    if links:
        conn.execute(
            insert(payplanlink),
            [
                {
                    "PayPlanNum": pay_plan_num,
                    "LinkType": link_type,
                    "FKey": fkey,
                    "AmountOverride": 0.0,
                    "SecDateTEntry": now,
                }
                for link_type, fkey in links
            ],
        )


def insert_charges(conn: Connection, charges: Sequence[PayPlanChargeRow]) -> None:
    """Insert in the given order (so keys ascend in it), in one batch."""
    if not charges:
        return
    rows = []
    for charge in charges:
        values = fields_of(charge)
        del values["PayPlanChargeNum"]
        for name in _CHARGE_MONEY:
            values[name] = to_double(values[name])
        values["IsOffset"] = int(values["IsOffset"])
        values["IsDownPayment"] = int(values["IsDownPayment"])
        rows.append(values)
    conn.execute(insert(payplancharge), rows)


def delete_charges_after(conn: Connection, pay_plan_num: int, day: date) -> None:
    """Remove the plan's charges dated after `day` (its schedule not yet due)."""
    conn.execute(
        delete(payplancharge).where(
            payplancharge.c.PayPlanNum == pay_plan_num, payplancharge.c.ChargeDate > day
        )
    )


def delete_links(conn: Connection, pay_plan_num: int, keys: Sequence[tuple[int, int]]) -> None:
    """Remove the plan's links to these (LinkType, FKey) pairs: production leaves the plan."""
    for link_type, fkey in keys:
        conn.execute(
            delete(payplanlink).where(
                payplanlink.c.PayPlanNum == pay_plan_num,
                payplanlink.c.LinkType == link_type,
                payplanlink.c.FKey == fkey,
            )
        )
