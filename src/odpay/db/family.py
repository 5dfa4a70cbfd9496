"""load_family(): a payer's family and the rows around it, in a fixed number of queries.

Spec: allocation.md §2 (what the ledger reads); the superset loaded is the one promised by
`odpay.domain.family.Family`. Every set of keys is a CTE read by an IN subquery, never a literal
IN list, so a family of any size costs the same statements and meets no parameter limit.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import CTE, Column, ColumnElement, Connection, Select, func, select, union

from odpay.db.payments import paysplit_record
from odpay.db.practice import PATIENT_COLUMNS, all_providers, definitions_of, patient_record
from odpay.db.schema import (
    adjustment,
    claimproc,
    patient,
    payplan,
    payplancharge,
    payplanlink,
    paysplit,
    procedurecode,
    procedurelog,
)
from odpay.domain.family import Family
from odpay.domain.money import from_double
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    DefCat,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PayPlanLinkType,
    Procedure,
    ProcStat,
)

_LEDGER_STATUSES = (ProcStat.TP, ProcStat.C)
_IN_LIST_CHUNK = 500


def load_family(conn: Connection, PatNum: int) -> Family | None:
    """The family of patient `PatNum` (None when there is no such patient).

    Eleven statements whatever the family's size. Call it after `lock_family`, so the rows
    cannot change before the payment that uses them is written.
    """
    row = conn.execute(select(*PATIENT_COLUMNS).where(patient.c.PatNum == PatNum)).first()
    if row is None:
        return None
    payer = patient_record(row)
    keys = _Keys(payer.guarantor, payer.PatNum)
    return Family(
        payer=payer,
        members=tuple(patient_record(r) for r in _rows(conn, PATIENT_COLUMNS, keys.members)),
        payplans=tuple(_payplan(r) for r in _rows(conn, payplan.c, keys.plans)),
        payplancharges=tuple(
            _payplancharge(r) for r in _rows(conn, payplancharge.c, keys.plans, "PayPlanNum")
        ),
        payplanlinks=tuple(
            _payplanlink(r) for r in _rows(conn, payplanlink.c, keys.plans, "PayPlanNum")
        ),
        procedures=tuple(_procedure(r) for r in conn.execute(_procedures(keys.procedures))),
        adjustments=tuple(_adjustment(r) for r in _rows(conn, adjustment.c, keys.adjustments)),
        claimprocs=tuple(_claimproc(r) for r in _rows(conn, claimproc.c, keys.claimprocs)),
        paysplits=tuple(paysplit_record(r) for r in _rows(conn, paysplit.c, keys.paysplits)),
        definitions=definitions_of(conn, DefCat.PaySplitUnearnedType),
        providers=all_providers(conn),
    )


class _Keys:
    """The key sets of one family as CTEs (one column each, named after the key, distinct)."""

    def __init__(self, guarantor: int, payer: int) -> None:
        # A Guarantor of 0 means "own guarantor", so the head may point at 0 rather than itself.
        self.members = _distinct(
            "family_patients",
            select(patient.c.PatNum).where(patient.c.Guarantor == guarantor),
            select(patient.c.PatNum).where(patient.c.PatNum == guarantor, patient.c.Guarantor == 0),
        )
        self.plans = _distinct(
            "family_plans",
            _joined(payplan.c.PayPlanNum, payplan.c.PatNum, self.members),
            select(payplan.c.PayPlanNum).where(payplan.c.Guarantor == payer),
        )
        plan_procedures = _distinct(
            "plan_procedures",
            _joined(payplancharge.c.ProcNum, payplancharge.c.PayPlanNum, self.plans).where(
                payplancharge.c.ProcNum > 0
            ),
            _linked(payplancharge, PayPlanLinkType.Procedure, self.plans, "ProcNum"),
            _linked(payplanlink, PayPlanLinkType.Procedure, self.plans, "ProcNum"),
        )
        self.procedures = _distinct(
            "family_procedures",
            _joined(procedurelog.c.ProcNum, procedurelog.c.PatNum, self.members).where(
                procedurelog.c.ProcStatus.in_(_LEDGER_STATUSES)
            ),
            _joined(procedurelog.c.ProcNum, procedurelog.c.ProcNum, plan_procedures),
        )
        plan_adjustments = _distinct(
            "plan_adjustments",
            _linked(payplancharge, PayPlanLinkType.Adjustment, self.plans, "AdjNum"),
            _linked(payplanlink, PayPlanLinkType.Adjustment, self.plans, "AdjNum"),
        )
        self.adjustments = _distinct(
            "family_adjustments",
            _joined(adjustment.c.AdjNum, adjustment.c.PatNum, self.members),
            _joined(adjustment.c.AdjNum, adjustment.c.ProcNum, self.procedures),
            _joined(adjustment.c.AdjNum, adjustment.c.AdjNum, plan_adjustments),
        )
        self.claimprocs = _distinct(
            "family_claimprocs",
            _joined(claimproc.c.ClaimProcNum, claimproc.c.PatNum, self.members),
            _joined(claimproc.c.ClaimProcNum, claimproc.c.ProcNum, self.procedures),
        )
        self.paysplits = _distinct(
            "family_paysplits",
            _joined(paysplit.c.SplitNum, paysplit.c.PatNum, self.members),
            _joined(paysplit.c.SplitNum, paysplit.c.PayPlanNum, self.plans),
            _joined(paysplit.c.SplitNum, paysplit.c.ProcNum, self.procedures),
            _joined(paysplit.c.SplitNum, paysplit.c.AdjNum, self.adjustments),
        )


def _distinct(name: str, *parts: Select[Any]) -> CTE:
    return union(*parts).cte(name)


def _joined(key: ColumnElement[Any], column: Column[Any], keys: CTE) -> Select[Any]:
    """`key` of the rows whose `column` is one of `keys`."""
    return _where_in(select(key), keys, column)


def _where_in(statement: Select[Any], keys: CTE, column: Column[Any]) -> Select[Any]:
    """`statement` over `column`'s table, limited to rows whose `column` is one of `keys`.

    An IN subquery rather than a join: all three planners then drive from the few keys
    through the column's index (a join to a CTE made MariaDB and an analysed SQLite scan the
    whole table). `column > 0` (keys never are) tells the planners that the many rows holding
    0 (no plan, no adjustment) are not wanted.
    """
    return statement.select_from(column.table).where(column > 0, column.in_(select(keys.c[0])))


def _linked(table: Any, link_type: int, plans: CTE, name: str) -> Select[Any]:
    """FKeys of the `table` rows (charges or links) of `link_type` in the given plans."""
    return _joined(table.c.FKey.label(name), table.c.PayPlanNum, plans).where(
        table.c.LinkType == link_type, table.c.FKey > 0
    )


def _rows(
    conn: Connection, columns: Iterable[Any], keys: CTE, via: str | None = None
) -> Sequence[Any]:
    """Rows of `columns`' table whose key (or column `via`) is in `keys`, by primary key."""
    chosen = list(columns)
    table = chosen[0].table
    primary = next(iter(table.primary_key.columns))
    on = table.c[via] if via is not None else primary
    return conn.execute(_where_in(select(*chosen), keys, on).order_by(primary)).all()


def _procedures(keys: CTE) -> Select[Any]:
    statement = select(procedurelog, func.coalesce(procedurecode.c.ProcCode, "").label("ProcCode"))
    return (
        _where_in(statement, keys, procedurelog.c.ProcNum)
        .outerjoin(procedurecode, procedurelog.c.CodeNum == procedurecode.c.CodeNum)
        .order_by(procedurelog.c.ProcNum)
    )


def _procedure(row: Any) -> Procedure:
    r = row._mapping
    return Procedure(
        ProcNum=int(r["ProcNum"]),
        PatNum=int(r["PatNum"]),
        ProcDate=r["ProcDate"],
        ProcFee=from_double(r["ProcFee"]),
        ProcStatus=int(r["ProcStatus"]),
        ProvNum=int(r["ProvNum"]),
        ClinicNum=int(r["ClinicNum"]),
        CodeNum=int(r["CodeNum"]),
        UnitQty=int(r["UnitQty"]),
        BaseUnits=int(r["BaseUnits"]),
        Discount=from_double(r["Discount"]),
        DiscountPlanAmt=from_double(r["DiscountPlanAmt"]),
        ProcCode=str(r["ProcCode"]),
    )


def _adjustment(row: Any) -> Adjustment:
    r = row._mapping
    return Adjustment(
        AdjNum=int(r["AdjNum"]),
        PatNum=int(r["PatNum"]),
        AdjDate=r["AdjDate"],
        AdjAmt=from_double(r["AdjAmt"]),
        ProvNum=int(r["ProvNum"]),
        ClinicNum=int(r["ClinicNum"]),
        ProcNum=int(r["ProcNum"]),
    )


def _claimproc(row: Any) -> ClaimProc:
    r = row._mapping
    return ClaimProc(
        ClaimProcNum=int(r["ClaimProcNum"]),
        ProcNum=int(r["ProcNum"]),
        PatNum=int(r["PatNum"]),
        Status=int(r["Status"]),
        ClaimNum=int(r["ClaimNum"]),
        ProvNum=int(r["ProvNum"]),
        ClinicNum=int(r["ClinicNum"]),
        InsPayEst=from_double(r["InsPayEst"]),
        InsPayAmt=from_double(r["InsPayAmt"]),
        WriteOff=from_double(r["WriteOff"]),
        WriteOffEst=from_double(r["WriteOffEst"]),
        WriteOffEstOverride=from_double(r["WriteOffEstOverride"]),
        NoBillIns=bool(r["NoBillIns"]),
        PayPlanNum=int(r["PayPlanNum"]),
    )


def payplan_record(row: Any) -> PayPlan:
    r = row._mapping
    return PayPlan(
        PayPlanNum=int(r["PayPlanNum"]),
        PatNum=int(r["PatNum"]),
        Guarantor=int(r["Guarantor"]),
        PlanNum=int(r["PlanNum"]),
        IsClosed=bool(r["IsClosed"]),
        IsDynamic=bool(r["IsDynamic"]),
        DynamicPayPlanTPOption=int(r["DynamicPayPlanTPOption"]),
    )


_payplan = payplan_record


def _payplancharge(row: Any) -> PayPlanCharge:
    r = row._mapping
    return PayPlanCharge(
        PayPlanChargeNum=int(r["PayPlanChargeNum"]),
        PayPlanNum=int(r["PayPlanNum"]),
        Guarantor=int(r["Guarantor"]),
        PatNum=int(r["PatNum"]),
        ChargeDate=r["ChargeDate"],
        Principal=from_double(r["Principal"]),
        Interest=from_double(r["Interest"]),
        ProvNum=int(r["ProvNum"]),
        ClinicNum=int(r["ClinicNum"]),
        ChargeType=int(r["ChargeType"]),
        ProcNum=int(r["ProcNum"]),
        FKey=int(r["FKey"]),
        LinkType=int(r["LinkType"]),
        IsOffset=bool(r["IsOffset"]),
    )


def _payplanlink(row: Any) -> PayPlanLink:
    r = row._mapping
    return PayPlanLink(
        PayPlanLinkNum=int(r["PayPlanLinkNum"]),
        PayPlanNum=int(r["PayPlanNum"]),
        LinkType=int(r["LinkType"]),
        FKey=int(r["FKey"]),
        AmountOverride=from_double(r["AmountOverride"]),
        SecDateTEntry=r["SecDateTEntry"],
    )


def get_payplan(conn: Connection, PayPlanNum: int) -> PayPlan | None:
    """The plan with this key, whoever it belongs to (POST /payments checks no ownership)."""
    row = conn.execute(select(payplan).where(payplan.c.PayPlanNum == PayPlanNum)).first()
    return payplan_record(row) if row is not None else None


def procedure_patients(conn: Connection, proc_nums: Iterable[int]) -> dict[int, int]:
    """ProcNum -> PatNum for those of `proc_nums` that exist.

    The numbers come from a request, not from a table, so they go in literal IN lists, cut
    in chunks that stay far below every engine's parameter limit.
    """
    wanted = sorted(set(proc_nums))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), _IN_LIST_CHUNK):
        chunk = wanted[start : start + _IN_LIST_CHUNK]
        rows = conn.execute(
            select(procedurelog.c.ProcNum, procedurelog.c.PatNum).where(
                procedurelog.c.ProcNum.in_(chunk)
            )
        )
        found.update((int(r.ProcNum), int(r.PatNum)) for r in rows)
    return found
