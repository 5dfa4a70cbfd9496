"""PUT /payplans/{PayPlanNum}/Dynamic: new terms for a dynamic plan; charges already due stay,
the rest of the schedule is made again under the new terms.

Spec: Open Dental's API PayPlans page (PUT Dynamic) and its manual ("Create Schedule: current
charges that have been billed are not changed, future charges are updated"). The plan is
looked up before the body is read; texts Open Dental does not document are odpay wording.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import load_family
from odpay.db.ledger.payplans import (
    charges_of,
    delete_charges_after,
    has_splits,
    insert_charges,
)
from odpay.db.ledger.payplans import (
    update_payplan as write_payplan,
)
from odpay.db.practice.cache import load_prefs
from odpay.domain.payplans.rows import PayPlanRow
from odpay.domain.prefs import Prefs
from odpay.services.clock import office_now
from odpay.services.errors import refuse_unread_body
from odpay.services.keys import Key
from odpay.services.parsing import read_bool
from odpay.services.payplans.payplan_inputs import (
    PayPlanDynamicUpdate,
    read_date,
    read_frequency,
    read_plan_date,
    read_rate,
)
from odpay.services.payplans.payplan_production_rows import plan_production
from odpay.services.payplans.payplan_terms import (
    charge_rows,
    check_guarantor,
    check_plan_category,
    read_terms_amount,
    scheduled_plan,
)
from odpay.services.payplans.payplans import PayPlanView, locked_plan, payplan_views
from odpay.services.refusals import (
    GUARANTOR_AFTER_CHARGES,
    INTEREST_START_WITHOUT_APR,
    PAYPLAN,
    PAYPLAN_IS_CLOSED,
    PLAN_LOCKED,
    PLAN_NOT_DYNAMIC,
    SHEETS_DISABLED,
    START_DATE_AFTER_CHARGES,
)
from odpay.services.transaction import family_transaction


def update_payplan(engine: Engine, request: PayPlanDynamicUpdate, key: Key) -> PayPlanView:
    if request.pay_plan_num is None:
        raise PAYPLAN.id_required.error()
    pay_plan_num = request.pay_plan_num

    def work(conn: Connection) -> PayPlanView:
        now = office_now()
        today = now.date()
        plan = locked_plan(conn, pay_plan_num)
        _check_editable(plan, request.body_error)
        prefs = load_prefs(conn)
        posted = charges_of(conn, pay_plan_num, due_by=today)
        terms_amount: Decimal | int = plan.PayAmt
        if request.PayAmt not in (None, "") or request.NumberOfPayments is not None:
            terms_amount = read_terms_amount(request.PayAmt, request.NumberOfPayments)
        changes = _changes(conn, request, plan, bool(posted), today, prefs)
        updated = replace(plan, **changes)
        family = load_family(conn, plan.PatNum)
        assert family is not None  # the plan's patient row was locked above
        production = plan_production(conn, family, prefs, today, pay_plan_num)
        scheduled = scheduled_plan(updated, terms_amount, production, today, posted)
        updated = scheduled.plan
        delete_charges_after(conn, pay_plan_num, today)
        insert_charges(conn, charge_rows(updated, family, scheduled.schedule.charges, now))
        write_payplan(conn, pay_plan_num, **_changed(plan, updated))
        return payplan_views(conn, [updated], today)[0]

    return family_transaction(engine, work)


def _check_editable(plan: PayPlanRow, body_error: str | None) -> None:
    """The plan must be a dynamic patient plan, open and unlocked (after the body was read)."""
    refuse_unread_body(body_error)
    if not plan.IsDynamic or plan.PlanNum != 0:
        raise PLAN_NOT_DYNAMIC.error()
    if plan.IsClosed:
        raise PAYPLAN_IS_CLOSED.error()
    if plan.IsLocked:
        raise PLAN_LOCKED.error()


def _changes(
    conn: Connection,
    request: PayPlanDynamicUpdate,
    plan: PayPlanRow,
    has_charges: bool,
    today: date,
    prefs: Prefs,
) -> dict[str, Any]:
    """The plan's columns the request changes, each checked in the documented order."""
    changes: dict[str, Any] = {}
    if request.Guarantor is not None and request.Guarantor != plan.Guarantor:
        if has_charges or has_splits(conn, plan.PayPlanNum):
            raise GUARANTOR_AFTER_CHARGES.error()
        check_guarantor(conn, request.Guarantor)
        changes["Guarantor"] = request.Guarantor
    if request.PayPlanDate:
        changes["PayPlanDate"] = read_plan_date(request.PayPlanDate, today, prefs)
    if request.APR:
        changes["APR"] = read_rate(request.APR, "APR")
    if request.Note is not None:
        changes["Note"] = request.Note
    if request.PlanCategory is not None:
        check_plan_category(conn, request.PlanCategory)
        changes["PlanCategory"] = request.PlanCategory
    if request.ChargeFrequency:
        changes["ChargeFrequency"] = int(read_frequency(request.ChargeFrequency))
    if request.DatePayPlanStart:
        first = read_date(request.DatePayPlanStart, "DatePayPlanStart")
        if first != plan.DatePayPlanStart and has_charges:
            raise START_DATE_AFTER_CHARGES.error()
        changes["DatePayPlanStart"] = first
    if request.DateInterestStart:
        if changes.get("APR", plan.APR) <= 0:
            raise INTEREST_START_WITHOUT_APR.error()
        changes["DateInterestStart"] = read_date(request.DateInterestStart, "DateInterestStart")
    if request.IsLocked is not None:
        changes["IsLocked"] = read_bool(request.IsLocked, "IsLocked")
    if request.SheetDefNum:
        raise SHEETS_DISABLED.error()
    return changes


def _changed(before: PayPlanRow, after: PayPlanRow) -> dict[str, Any]:
    names = [name for name in PayPlanRow.__dataclass_fields__ if name != "PayPlanNum"]
    return {n: getattr(after, n) for n in names if getattr(after, n) != getattr(before, n)}
