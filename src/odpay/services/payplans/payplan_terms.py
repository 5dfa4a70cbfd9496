"""Pieces the dynamic plan writes share: the checks of term fields, the plan's schedule under
its terms, and the charge rows a schedule becomes.

Spec: Open Dental's API PayPlans page (POST Dynamic, PUT Dynamic) and PayPlanEdit
(CreateDebitCharge); texts Open Dental does not document are odpay wording.
"""

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection

from odpay.db.practice.cache import get_definition, get_patient
from odpay.domain.enums import DefCat, PatientStatus
from odpay.domain.family import Family
from odpay.domain.money import ZERO
from odpay.domain.payplans.rows import PayPlanChargeRow, PayPlanRow
from odpay.domain.payplans.schedule import (
    Production,
    Schedule,
    ScheduledCharge,
    Terms,
    build_schedule,
    completed_amount,
    period_payment,
)
from odpay.services.parsing import read_amount
from odpay.services.refusals import (
    GUARANTOR_HAS_BEEN_DELETED,
    GUARANTOR_NOT_FOUND,
    PAY_AMT_AND_COUNT_BOTH_GIVEN,
    PAY_AMT_NEVER_PAYS_OFF,
    PAY_AMT_NOT_POSITIVE,
    PAY_AMT_OR_COUNT_REQUIRED,
    PAYMENT_COUNT_NOT_POSITIVE,
    PLAN_CATEGORY_INVALID,
)


def check_plan_category(conn: Connection, category: int) -> None:
    if category != 0 and get_definition(conn, category, DefCat.PayPlanCategories) is None:
        raise PLAN_CATEGORY_INVALID.error()


def read_terms_amount(pay_amt: str | None, number_of_payments: int | None) -> Decimal | int:
    """PayAmt (an amount > 0) or NumberOfPayments (a count > 0); exactly one of them."""
    if pay_amt is not None and pay_amt != "" and number_of_payments is not None:
        raise PAY_AMT_AND_COUNT_BOTH_GIVEN.error()
    if number_of_payments is not None:
        if number_of_payments <= 0:
            raise PAYMENT_COUNT_NOT_POSITIVE.error()
        return number_of_payments
    if pay_amt is None or pay_amt == "":
        raise PAY_AMT_OR_COUNT_REQUIRED.error()
    amount = read_amount(pay_amt, "PayAmt")
    if amount <= 0:
        raise PAY_AMT_NOT_POSITIVE.error()
    return amount


def charge_rows(
    plan: PayPlanRow, family: Family, charges: Sequence[ScheduledCharge], now: datetime
) -> list[PayPlanChargeRow]:
    """The plan's charges as rows. A charge goes on the patient's account when the plan's
    guarantor is in the patient's `family`, else on the guarantor's
    (PayPlanEdit.CreateDebitCharge)."""
    guarantor = plan.PatNum if plan.Guarantor in family.member_nums else plan.Guarantor
    return [
        PayPlanChargeRow(
            PayPlanChargeNum=0,
            PayPlanNum=plan.PayPlanNum,
            Guarantor=guarantor,
            PatNum=plan.PatNum,
            Note=charge.Note,
            SecDateTEntry=now,
            SecDateTEdit=now,
            **_same_named(charge, ScheduledCharge),
        )
        for charge in charges
    ]


@dataclass(frozen=True, slots=True)
class ScheduledPlan:
    plan: PayPlanRow  # with the PayAmt and CompletedAmt of its terms
    terms: Terms
    schedule: Schedule


def scheduled_plan(
    plan: PayPlanRow,
    terms_amount: Decimal | int,
    production: Sequence[Production],
    today: date,
    posted: Sequence[PayPlanChargeRow] = (),
) -> ScheduledPlan:
    """The plan's terms and its charges after its stored `posted` ones (create: none); 400 when
    the payment per period would never pay the plan off. A NumberOfPayments becomes the PayAmt
    that pays the plan off in that many periods (Open Dental stores only PayAmt on a dynamic
    plan)."""
    if isinstance(terms_amount, Decimal):
        pay_amt = terms_amount
    else:
        principal = sum((p.amount for p in production), ZERO)
        pay_amt = period_payment(
            principal, plan.DownPayment, plan.APR, plan.ChargeFrequency, terms_amount
        )
    completed = completed_amount(production, plan.DynamicPayPlanTPOption)
    plan = replace(plan, PayAmt=pay_amt, CompletedAmt=completed)
    terms = Terms(**_same_named(plan, Terms))
    debits = [
        ScheduledCharge(**_same_named(row, ScheduledCharge))
        for row in posted
        if row.ChargeType == 0
    ]
    schedule = build_schedule(terms, production, today, debits)
    if not schedule.is_valid:
        raise PAY_AMT_NEVER_PAYS_OFF.error()
    return ScheduledPlan(plan, terms, schedule)


def _same_named(row: object, kind: type[Any]) -> dict[str, Any]:
    """`row`'s values for every field of the dataclass `kind`. A schedule item and its stored
    charge, a plan and its terms, name what they share alike (Open Dental's column names)."""
    return {f.name: getattr(row, f.name) for f in fields(kind)}


def check_guarantor(conn: Connection, guarantor: int) -> None:
    """A plan's new Guarantor must be a patient who is not deleted (create and update)."""
    found = get_patient(conn, guarantor) if guarantor > 0 else None
    if found is None:
        raise GUARANTOR_NOT_FOUND.error()
    if found.PatStatus == PatientStatus.Deleted:
        raise GUARANTOR_HAS_BEEN_DELETED.error()
