"""GET /payplans/{PayPlanNum}, GET /payplans and GET /payplancharges, and the view of a plan
that every PayPlans answer shows.

Spec: Open Dental's API PayPlans and PayPlanCharges pages. Messages Open Dental leaves as
"with explanation" are odpay wording. odpay stores a dynamic plan's whole schedule when the plan
is made (docs/decisions.md); GET /payplancharges shows only its charges dated today or earlier,
the ones Open Dental's service would have posted by now.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import load_family
from odpay.db.ledger.payplans import (
    charges_of,
    get_payplan_row,
    links_of,
    lock_payplan,
    payplans_for,
)
from odpay.db.locks import lock_row
from odpay.db.practice.cache import definition_names, get_patient, load_prefs
from odpay.domain.enums import DefCat, PayPlanChargeType
from odpay.domain.family import Family
from odpay.domain.money import ZERO
from odpay.domain.payplans.production import link_amount, production_owed
from odpay.domain.payplans.rows import PayPlanChargeRow, PayPlanRow
from odpay.domain.prefs import Prefs
from odpay.services.clock import office_today
from odpay.services.patient_checks import existing_patient
from odpay.services.query_params import lenient_int
from odpay.services.refusals import GUARANTOR_NOT_FOUND, PATNUM_OR_GUARANTOR_REQUIRED, PAYPLAN
from odpay.services.transaction import read_transaction


@dataclass(frozen=True, slots=True)
class PayPlanView:
    plan: PayPlanRow
    plan_category_name: str  # ItemName of the category-47 definition, "" for none
    principal_amount: Decimal


def get_payplan(engine: Engine, pay_plan_num: int) -> PayPlanView:
    def work(conn: Connection) -> PayPlanView:
        plan = PAYPLAN.found(get_payplan_row(conn, pay_plan_num))
        return payplan_views(conn, [plan], office_today())[0]

    return read_transaction(engine, work)


def list_payplans(engine: Engine, PatNum: str | None, Guarantor: str | None) -> list[PayPlanView]:
    """Every plan (patient, insurance, dynamic) of the patient and/or the guarantor."""
    pat_num, guarantor = lenient_int(PatNum), lenient_int(Guarantor)
    if pat_num <= 0 and guarantor <= 0:
        raise PATNUM_OR_GUARANTOR_REQUIRED.error()

    def work(conn: Connection) -> list[PayPlanView]:
        if pat_num > 0:
            existing_patient(get_patient(conn, pat_num))
        if guarantor > 0 and get_patient(conn, guarantor) is None:
            raise GUARANTOR_NOT_FOUND.error()
        return payplan_views(conn, payplans_for(conn, pat_num, guarantor), office_today())

    return read_transaction(engine, work)


def list_payplancharges(engine: Engine, PayPlanNum: str | None) -> list[PayPlanChargeRow]:
    """The plan's charges by PayPlanChargeNum: of a dynamic plan those due by today (the ones
    Open Dental would have posted), of an old static plan all of them (stored up front)."""
    pay_plan_num = lenient_int(PayPlanNum)
    if pay_plan_num <= 0:
        raise PAYPLAN.id_required.error()

    def work(conn: Connection) -> list[PayPlanChargeRow]:
        plan = PAYPLAN.found(get_payplan_row(conn, pay_plan_num))
        return charges_of(conn, pay_plan_num, due_by=office_today() if plan.IsDynamic else None)

    return read_transaction(engine, work)


def payplan_views(conn: Connection, plans: Sequence[PayPlanRow], today: date) -> list[PayPlanView]:
    names = definition_names(conn, DefCat.PayPlanCategories) if plans else {}
    prefs = load_prefs(conn) if plans else Prefs()
    families: dict[int, Family | None] = {}
    views = []
    for plan in plans:
        if plan.IsDynamic and plan.PatNum not in families:
            families[plan.PatNum] = load_family(conn, plan.PatNum)
        principal = _principal(conn, plan, families.get(plan.PatNum), prefs, today)
        views.append(PayPlanView(plan, names.get(plan.PlanCategory, ""), principal))
    return views


def _principal(
    conn: Connection, plan: PayPlanRow, family: Family | None, prefs: Prefs, today: date
) -> Decimal:
    """principalAmount: for a dynamic plan, what its production is worth to it; for a static
    or insurance plan, its credits' principal (or its debits' when it has no credits)."""
    if plan.IsDynamic:
        if family is None:
            return ZERO
        owed = production_owed(family, prefs, today, plan.PayPlanNum)
        return sum((link_amount(k, owed) for k in links_of(conn, plan.PayPlanNum)), ZERO)
    charges = charges_of(conn, plan.PayPlanNum)
    credits = [c.Principal for c in charges if c.ChargeType == PayPlanChargeType.Credit]
    debits = [c.Principal for c in charges if c.ChargeType == PayPlanChargeType.Debit]
    return sum(credits or debits, ZERO)


def locked_plan(conn: Connection, pay_plan_num: int) -> PayPlanRow:
    """The plan as read under its patient's family lock, then row-locked; 404 when missing."""
    plan = PAYPLAN.found(lock_row(conn, get_payplan_row, pay_plan_num))
    lock_payplan(conn, pay_plan_num)
    return plan
