"""POST /payplans/Dynamic: a dynamic payment plan, its production links and its charges.

Spec: Open Dental's API PayPlans page (POST Dynamic) and its manual's Payment Plan page; the
schedule is `odpay.domain.payplans.schedule`. Open Dental posts a dynamic plan's charges as they
fall due (its background service); odpay has no such service, so it stores the whole schedule
now and the engine treats charges dated after today as not yet due (allocation.md §2.3.7).
Checks follow the order of the documented fields; texts Open Dental does not document are
odpay wording.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import load_family
from odpay.db.ledger.payplans import (
    adjustments_by_num,
    insert_charges,
    insert_links,
    insert_payplan,
    linked_elsewhere,
    procedures_by_num,
)
from odpay.db.locks import lock_family
from odpay.db.practice.cache import get_patient, load_prefs
from odpay.domain.enums import DynamicPayPlanTPOption, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.money import ZERO, from_double
from odpay.domain.payplans.production import ProductionKey, production_owed
from odpay.domain.payplans.rows import PayPlanRow
from odpay.domain.payplans.schedule import (
    PayPlanFrequency,
    Production,
    ScheduledCharge,
    add_months,
    terms_note,
)
from odpay.domain.prefs import Prefs
from odpay.domain.records import NO_DATE
from odpay.services.clock import office_now
from odpay.services.errors import Refusal
from odpay.services.keys import Key
from odpay.services.parsing import read_amount, read_bool
from odpay.services.patient_checks import refuse_deleted, required_pat_num
from odpay.services.payplans.payplan_inputs import (
    PayPlanDynamicInput,
    read_date,
    read_frequency,
    read_plan_date,
    read_rate,
    read_tp_option,
)
from odpay.services.payplans.payplan_terms import (
    charge_rows,
    check_guarantor,
    check_plan_category,
    read_terms_amount,
    scheduled_plan,
)
from odpay.services.payplans.payplans import PayPlanView, payplan_views
from odpay.services.refusals import (
    ADJ_NOT_POSITIVE,
    ADJ_ON_PROCEDURE,
    ADJNUM_IS_INVALID,
    ALREADY_ON_PLAN,
    APR_NOT_LOCKED,
    DOWN_PAYMENT_OVER_PRINCIPAL,
    DOWNPAYMENT_IS_INVALID,
    ITEM_OTHER_PATIENT,
    NO_BALANCE_LEFT,
    PATIENT_DELETED,
    PATIENT_NOT_FOUND,
    PROC_NOT_C_OR_TP,
    PROCNUM_IS_INVALID,
    PROCS_OR_ADJS_REQUIRED,
)
from odpay.services.transaction import family_transaction

PLAN_STATUSES = (ProcStat.C, ProcStat.TP)


def create_payplan(engine: Engine, request: PayPlanDynamicInput, key: Key) -> PayPlanView:
    """Validate in the documented order, schedule, store plan + links + charges, answer."""
    pat_num = required_pat_num(request.PatNum)

    def work(conn: Connection) -> PayPlanView:
        now = office_now()
        today = now.date()
        if lock_family(conn, pat_num) is None:
            raise PATIENT_NOT_FOUND.error()
        patient = get_patient(conn, pat_num)
        if patient is None:  # gone since the lock: refused like a deleted one
            raise PATIENT_DELETED.error()
        refuse_deleted(patient)
        terms_amount = read_terms_amount(request.PayAmt, request.NumberOfPayments)
        if not request.procNums and not request.adjNums:
            raise PROCS_OR_ADJS_REQUIRED.error()
        prefs = load_prefs(conn)
        guarantor = _guarantor(conn, request.Guarantor, pat_num)
        plan = _new_plan(conn, request, pat_num, guarantor, today, prefs)
        family = load_family(conn, pat_num)
        assert family is not None  # the patient row is locked above
        owed = production_owed(family, prefs, today)
        production = _production(conn, _PROCEDURES, request.procNums or (), pat_num, owed)
        production += _production(conn, _ADJUSTMENTS, request.adjNums or (), pat_num, owed)
        principal = sum((p.amount for p in production), ZERO)
        if plan.DownPayment > principal:
            raise DOWN_PAYMENT_OVER_PRINCIPAL.error()
        scheduled = scheduled_plan(plan, terms_amount, production, today)
        terms, schedule = scheduled.terms, scheduled.schedule
        note = terms_note(today, terms, principal, schedule, request.Note or "")
        plan = replace(scheduled.plan, Note=note)
        plan = _store(conn, plan, production, schedule.charges, family, now)
        return payplan_views(conn, [plan], today)[0]

    return family_transaction(engine, work)


def _new_plan(
    conn: Connection,
    request: PayPlanDynamicInput,
    pat_num: int,
    guarantor: int,
    today: date,
    prefs: Prefs,
) -> PayPlanRow:
    """The plan's own fields of a POST, read and checked in the documented order; PayAmt,
    CompletedAmt and Note come with its schedule."""
    plan_date = today
    if request.PayPlanDate:
        plan_date = read_plan_date(request.PayPlanDate, today, prefs)
    apr = read_rate(request.APR, "APR") if request.APR else Decimal(0)
    down = read_amount(request.DownPayment, "DownPayment") if request.DownPayment else ZERO
    if down < 0:
        raise DOWNPAYMENT_IS_INVALID.error()
    check_plan_category(conn, request.PlanCategory or 0)
    frequency = PayPlanFrequency.Monthly
    if request.ChargeFrequency:
        frequency = read_frequency(request.ChargeFrequency)
    first = add_months(plan_date, 1)
    if request.DatePayPlanStart:
        first = read_date(request.DatePayPlanStart, "DatePayPlanStart")
    interest_start = NO_DATE
    if request.DateInterestStart:
        interest_start = read_date(request.DateInterestStart, "DateInterestStart")
    locked = True if request.IsLocked is None else read_bool(request.IsLocked, "IsLocked")
    if apr > 0 and not locked:
        raise APR_NOT_LOCKED.error()
    tp_option: int = DynamicPayPlanTPOption.AwaitComplete
    if request.DynamicPayPlanTPOption:
        tp_option = read_tp_option(request.DynamicPayPlanTPOption)
    return PayPlanRow(
        PayPlanNum=0,
        PatNum=pat_num,
        Guarantor=guarantor,
        PayPlanDate=plan_date,
        APR=apr,
        DownPayment=down,
        PlanCategory=request.PlanCategory or 0,
        IsDynamic=True,
        ChargeFrequency=frequency,
        DatePayPlanStart=first,
        IsLocked=locked,
        DateInterestStart=interest_start,
        DynamicPayPlanTPOption=tp_option,
    )


def _store(
    conn: Connection,
    plan: PayPlanRow,
    production: list[Production],
    charges: Sequence[ScheduledCharge],
    family: Family,
    now: datetime,
) -> PayPlanRow:
    """Insert the plan, its links and its charges; the plan with its new PayPlanNum."""
    plan = replace(plan, PayPlanNum=insert_payplan(conn, plan))
    insert_links(conn, plan.PayPlanNum, [(p.LinkType, p.FKey) for p in production], now)
    rows = charge_rows(plan, family, charges, now)
    insert_charges(conn, rows)
    return plan


def _guarantor(conn: Connection, given: int | None, pat_num: int) -> int:
    if given is None or given == 0:
        return pat_num
    check_guarantor(conn, given)
    return given


@dataclass(frozen=True, slots=True)
class _Attachable:
    """One kind of production a plan finances: how create_payplan reads and checks it."""

    LinkType: PayPlanLinkType
    field: str  # how the texts name it
    rows_by_num: Callable[[Connection, Iterable[int]], dict[int, Any]]
    invalid: Refusal
    check: Callable[[Any, int], None]  # the kind's own rule, after the row's owner


def _check_procedure(row: Any, num: int) -> None:
    if row.ProcStatus not in PLAN_STATUSES:
        raise PROC_NOT_C_OR_TP.error(num=num)


def _check_adjustment(row: Any, num: int) -> None:
    # Open Dental attaches only unattached positive adjustments to a plan.
    if int(row.ProcNum) != 0:
        raise ADJ_ON_PROCEDURE.error(num=num)
    if from_double(row.AdjAmt) <= 0:
        raise ADJ_NOT_POSITIVE.error(num=num)


_PROCEDURES = _Attachable(
    PayPlanLinkType.Procedure, "ProcNum", procedures_by_num, PROCNUM_IS_INVALID, _check_procedure
)
_ADJUSTMENTS = _Attachable(
    PayPlanLinkType.Adjustment, "AdjNum", adjustments_by_num, ADJNUM_IS_INVALID, _check_adjustment
)


def _production(
    conn: Connection,
    kind: _Attachable,
    nums: Sequence[int],
    pat_num: int,
    owed: dict[ProductionKey, Decimal],
) -> list[Production]:
    """The procedures or adjustments `nums` as production of the plan, each checked in the
    documented order: it exists, is the patient's, may go on a plan, is on no other open plan,
    and still owes something."""
    wanted = list(dict.fromkeys(nums))
    rows = kind.rows_by_num(conn, wanted)
    taken = linked_elsewhere(conn, kind.LinkType, wanted)
    production = []
    for num in wanted:
        row = rows.get(num)
        if row is None:
            raise kind.invalid.error(num=num)
        if int(row.PatNum) != pat_num:
            raise ITEM_OTHER_PATIENT.error(name=f"{kind.field} {num}", pat_num=pat_num)
        kind.check(row, num)
        if num in taken:
            raise ALREADY_ON_PLAN.error(name=kind.field, num=num)
        amount = owed.get((kind.LinkType, num), ZERO)
        if amount <= 0:
            raise NO_BALANCE_LEFT.error(name=kind.field, num=num)
        production.append(
            Production(
                kind.LinkType,
                num,
                amount,
                ProvNum=int(row.ProvNum),
                ClinicNum=int(row.ClinicNum),
                is_tp=kind is _PROCEDURES and row.ProcStatus == ProcStat.TP,
            )
        )
    return production
