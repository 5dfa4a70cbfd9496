"""load_family(): a payer's family and the rows around it, in a fixed number of queries.

Spec: allocation.md §2 (what the ledger reads); the superset loaded is the one promised by
`odpay.domain.family.Family`. Every set of keys is a CTE read by an IN subquery, never a literal
IN list, so a family of any size costs the same statements and meets no parameter limit.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, Connection, Select, and_, bindparam, func, or_, select

from odpay.db.practice import PATIENT_COLUMNS, all_providers, definitions_of, patient_record
from odpay.db.rows import columns_of, record_reader
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
from odpay.domain.records import (
    Adjustment,
    ClaimProc,
    DefCat,
    Patient,
    PayPlan,
    PayPlanCharge,
    PayPlanLink,
    PayPlanLinkType,
    PaySplit,
    Procedure,
    ProcStat,
)

_LEDGER_STATUSES = (ProcStat.TP, ProcStat.C)
_IN_LIST_CHUNK = 500


def load_family(conn: Connection, PatNum: int, payer: Patient | None = None) -> Family | None:
    """The family of patient `PatNum` (None when there is no such patient).

    Seven statements whatever the family's size, nine when it has payment plans, one fewer
    when the caller already holds the `payer` row. Call it after `lock_family`, so the rows
    cannot change before the payment that uses them is written.
    """
    if payer is None:
        row = conn.execute(_PAYER, {"PatNum": PatNum}).first()
        if row is None:
            return None
        payer = patient_record(row)
    family = {"guarantor": payer.guarantor}
    members = tuple(map(patient_record, conn.execute(_MEMBERS, family)))
    plans = tuple(map(_payplan, conn.execute(_PLANS, {**family, "payer": payer.PatNum})))
    charges: tuple[PayPlanCharge, ...] = ()
    links: tuple[PayPlanLink, ...] = ()
    statements, keys = _WITHOUT_PLANS, dict(family)
    if plans:
        plan_nums = [p.PayPlanNum for p in plans]
        charges = tuple(map(_payplancharge, conn.execute(_CHARGES, {"plans": plan_nums})))
        links = tuple(map(_payplanlink, conn.execute(_LINKS, {"plans": plan_nums})))
        linked_procs, linked_adjs = _linked_production(charges, links)
        statements = _WITH_PLANS
        keys.update(plans=plan_nums, procs=linked_procs, adjs=linked_adjs)
    procedures = tuple(map(_procedure, conn.execute(statements.procedures, keys)))
    adjustments = tuple(map(_adjustment, conn.execute(statements.adjustments, keys)))
    claimprocs = tuple(map(_claimproc, conn.execute(statements.claimprocs, keys)))
    paysplits = tuple(map(_paysplit, conn.execute(statements.paysplits, keys)))
    return Family(
        payer=payer,
        members=members,
        payplans=plans,
        payplancharges=charges,
        payplanlinks=links,
        procedures=procedures,
        adjustments=adjustments,
        claimprocs=claimprocs,
        paysplits=paysplits,
        definitions=definitions_of(conn, DefCat.PaySplitUnearnedType),
        providers=all_providers(conn),
    )


def _linked_production(
    charges: Sequence[PayPlanCharge], links: Sequence[PayPlanLink]
) -> tuple[list[int], list[int]]:
    """ProcNums and AdjNums the plans name (charge ProcNum, charge FKey, link FKey)."""
    procs = {c.ProcNum for c in charges if c.ProcNum > 0}
    adjs: set[int] = set()
    for link_type, fkey in [(c.LinkType, c.FKey) for c in charges] + [
        (k.LinkType, k.FKey) for k in links
    ]:
        if fkey > 0 and link_type == PayPlanLinkType.Procedure:
            procs.add(fkey)
        elif fkey > 0 and link_type == PayPlanLinkType.Adjustment:
            adjs.add(fkey)
    return sorted(procs), sorted(adjs)


# The statements are built once: building and hashing them costs more than running them.
# The family's rows are found by index-driven subqueries over its guarantor, so a family of
# any size costs the same statements and no parameter list (an expanding IN list is
# re-rendered on every execution). Only a family with payment plans adds the production its
# plans name (few rows) as IN lists, in a second set of statements.
def _in(name: str) -> BindParameter[Any]:
    return bindparam(name, expanding=True)


_MEMBER_NUMS = select(patient.c.PatNum).where(
    or_(
        patient.c.Guarantor == bindparam("guarantor"),
        # A Guarantor of 0 means "own guarantor", so the head may point at 0 rather than itself.
        and_(patient.c.PatNum == bindparam("guarantor"), patient.c.Guarantor == 0),
    )
)
_FAMILY_PROCS = select(procedurelog.c.ProcNum).where(
    procedurelog.c.PatNum.in_(_MEMBER_NUMS),
    procedurelog.c.ProcStatus.in_([int(s) for s in _LEDGER_STATUSES]),
)
_FAMILY_ADJS = select(adjustment.c.AdjNum).where(adjustment.c.PatNum.in_(_MEMBER_NUMS))
# Adjustments of other patients attached to the family's procedures.
_ADJS_ON_FAMILY_PROCS = select(adjustment.c.AdjNum).where(adjustment.c.ProcNum.in_(_FAMILY_PROCS))

_PAYER = select(*PATIENT_COLUMNS).where(patient.c.PatNum == bindparam("PatNum"))
_MEMBERS = (
    select(*PATIENT_COLUMNS).where(patient.c.PatNum.in_(_MEMBER_NUMS)).order_by(patient.c.PatNum)
)
_PLANS = (
    select(*columns_of(payplan, PayPlan))
    .where(or_(payplan.c.PatNum.in_(_MEMBER_NUMS), payplan.c.Guarantor == bindparam("payer")))
    .order_by(payplan.c.PayPlanNum)
)
_CHARGES = (
    select(*columns_of(payplancharge, PayPlanCharge))
    .where(payplancharge.c.PayPlanNum.in_(_in("plans")))
    .order_by(payplancharge.c.PayPlanChargeNum)
)
_LINKS = (
    select(*columns_of(payplanlink, PayPlanLink))
    .where(payplanlink.c.PayPlanNum.in_(_in("plans")))
    .order_by(payplanlink.c.PayPlanLinkNum)
)


@dataclass(frozen=True, slots=True)
class _LedgerStatements:
    procedures: Select[Any]
    adjustments: Select[Any]
    claimprocs: Select[Any]
    paysplits: Select[Any]


def _ledger_statements(with_plans: bool) -> _LedgerStatements:
    """The family's production and credits; `with_plans` adds what its plans name."""

    def any_of(*clauses: Any, plans_name: tuple[Any, ...] = ()) -> Any:
        return or_(*clauses, *(plans_name if with_plans else ()))

    procedures = (
        select(
            *columns_of(procedurelog, Procedure),
            func.coalesce(procedurecode.c.ProcCode, "").label("ProcCode"),
        )
        .outerjoin(procedurecode, procedurelog.c.CodeNum == procedurecode.c.CodeNum)
        .where(
            any_of(
                procedurelog.c.ProcNum.in_(_FAMILY_PROCS),
                plans_name=(procedurelog.c.ProcNum.in_(_in("procs")),),
            )
        )
        .order_by(procedurelog.c.ProcNum)
    )
    adjustments = (
        select(*columns_of(adjustment, Adjustment))
        .where(
            any_of(
                adjustment.c.PatNum.in_(_MEMBER_NUMS),
                adjustment.c.ProcNum.in_(_FAMILY_PROCS),
                plans_name=(
                    adjustment.c.AdjNum.in_(_in("adjs")),
                    adjustment.c.ProcNum.in_(_in("procs")),
                ),
            )
        )
        .order_by(adjustment.c.AdjNum)
    )
    claimprocs = (
        select(*columns_of(claimproc, ClaimProc))
        .where(
            any_of(
                claimproc.c.PatNum.in_(_MEMBER_NUMS),
                claimproc.c.ProcNum.in_(_FAMILY_PROCS),
                plans_name=(claimproc.c.ProcNum.in_(_in("procs")),),
            )
        )
        .order_by(claimproc.c.ClaimProcNum)
    )
    plan_adjustments = adjustment.c.ProcNum.in_(_in("procs")) | adjustment.c.AdjNum.in_(_in("adjs"))
    paysplits = (
        select(*columns_of(paysplit, PaySplit))
        .where(
            any_of(
                paysplit.c.PatNum.in_(_MEMBER_NUMS),
                paysplit.c.ProcNum.in_(_FAMILY_PROCS),
                paysplit.c.AdjNum.in_(_FAMILY_ADJS),
                paysplit.c.AdjNum.in_(_ADJS_ON_FAMILY_PROCS),
                plans_name=(
                    paysplit.c.PayPlanNum.in_(_in("plans")),
                    paysplit.c.ProcNum.in_(_in("procs")),
                    paysplit.c.AdjNum.in_(select(adjustment.c.AdjNum).where(plan_adjustments)),
                ),
            )
        )
        .order_by(paysplit.c.SplitNum)
    )
    return _LedgerStatements(procedures, adjustments, claimprocs, paysplits)


_WITHOUT_PLANS = _ledger_statements(with_plans=False)
_WITH_PLANS = _ledger_statements(with_plans=True)


_procedure = record_reader(Procedure)
_adjustment = record_reader(Adjustment)
_claimproc = record_reader(ClaimProc)
_payplan = record_reader(PayPlan)
_payplancharge = record_reader(PayPlanCharge)
_payplanlink = record_reader(PayPlanLink)
_paysplit = record_reader(PaySplit)


def get_payplan(conn: Connection, PayPlanNum: int) -> PayPlan | None:
    """The plan with this key, whoever it belongs to (POST /payments checks no ownership)."""
    row = conn.execute(_PLAN, {"PayPlanNum": PayPlanNum}).first()
    return _payplan(row) if row is not None else None


_PLAN = select(*columns_of(payplan, PayPlan)).where(payplan.c.PayPlanNum == bindparam("PayPlanNum"))


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
