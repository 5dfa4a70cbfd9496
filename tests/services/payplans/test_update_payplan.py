"""PUT /payplans/{PayPlanNum}/Dynamic and PUT /payplans/{PayPlanNum}/Close."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.services.errors import BadRequest, NotFound
from odpay.services.payplans.close_payplan import close_payplan
from odpay.services.payplans.create_payplan import create_payplan
from odpay.services.payplans.payplan_inputs import PayPlanDynamicInput, PayPlanDynamicUpdate
from odpay.services.payplans.update_payplan import update_payplan
from tests.factories import KEY, SPEC_TODAY, add, patient, procedure, rows, set_row

# odpay's clock reads 2024-06-15 (tests/conftest.py spec_today), so dates are written out.
pytestmark = pytest.mark.usefixtures("spec_today")


def charges(db: Engine, plan: int) -> list[tuple[Any, ...]]:
    return [
        (c["ChargeDate"], c["Principal"], c["FKey"], c["Note"])
        for c in rows(db, "payplancharge", PayPlanNum=plan)
    ]


def plan_of(
    db: Engine, *fees: str, tp: str | None = None, **fields: Any
) -> tuple[int, list[int], int]:
    """A dynamic plan at 100.00 a month whose first payment was a month ago (two charges are
    due), on procedures with these fees; returns (plan, procedures, patient)."""
    pat = patient(db)
    earlier = "2024-03-17"
    procs = [procedure(db, pat, fee, earlier, ProvNum=1) for fee in fees]
    if tp is not None:
        procs.append(procedure(db, pat, tp, earlier, ProvNum=1, ProcStatus=1))
    first = date(2024, 5, 15)
    fields.setdefault("PayAmt", "100")
    fields.setdefault("IsLocked", "false")
    view = create_payplan(
        db,
        PayPlanDynamicInput(
            PatNum=pat,
            procNums=tuple(procs),
            PayPlanDate=str(first),
            DatePayPlanStart=str(first),
            **fields,
        ),
        KEY,
    )
    return view.plan.PayPlanNum, procs, pat


def first_due(n: int) -> date:
    """The date of the plan_of() plan's charge `n`, counting from 0."""
    return date(2024, 5 + n, 15)


def test_new_terms_keep_the_charges_already_due_and_reschedule_the_rest(db: Engine) -> None:
    plan, (proc,), _pat = plan_of(db, "300.00")
    view = update_payplan(
        db, PayPlanDynamicUpdate(plan, PayAmt="50", Note="Lower payments from now on"), KEY
    )
    assert (view.plan.PayAmt, view.plan.Note) == (Decimal("50.00"), "Lower payments from now on")
    assert charges(db, plan) == [
        (first_due(0), 100.0, proc, ""),
        (first_due(1), 100.0, proc, ""),
        (first_due(2), 50.0, proc, ""),
        (first_due(3), 50.0, proc, ""),
    ]
    [stored] = rows(db, "payplan", PayPlanNum=plan)
    assert (stored["PayAmt"], stored["Note"]) == (50.0, "Lower payments from now on")


def test_a_number_of_payments_sets_the_payment_from_the_whole_principal(db: Engine) -> None:
    plan, (proc,), _pat = plan_of(db, "300.00")
    view = update_payplan(db, PayPlanDynamicUpdate(plan, NumberOfPayments=2), KEY)
    assert view.plan.PayAmt == Decimal("150.00")
    assert charges(db, plan) == [
        (first_due(0), 100.0, proc, ""),
        (first_due(1), 100.0, proc, ""),
        (first_due(2), 100.0, proc, ""),
    ]


def test_an_update_is_refused_in_order_and_writes_nothing(db: Engine) -> None:
    plan, _procs, pat = plan_of(db, "300.00")
    other = patient(db)
    before = (rows(db, "payplan", PayPlanNum=plan), charges(db, plan))

    def refused(num: int | None, **fields: Any) -> str:
        with pytest.raises((BadRequest, NotFound)) as caught:
            update_payplan(db, PayPlanDynamicUpdate(num, **fields), KEY)
        return caught.value.message

    assert refused(None) == "PayPlanNum is required."
    assert refused(999999999, body_error="Invalid JSON.") == "PayPlan not found."
    assert refused(plan, body_error="Invalid JSON.") == "Invalid JSON."
    assert refused(plan, PayAmt="50", NumberOfPayments=2) == (
        "PayAmt and NumberOfPayments cannot both be supplied."
    )
    assert refused(plan, Guarantor=other) == (
        "Guarantor cannot be changed because the plan has charges or payments."
    )
    assert refused(plan, DatePayPlanStart="2024-06-15") == (
        "DatePayPlanStart cannot be changed because the plan has charges."
    )
    assert refused(plan, DateInterestStart="2024-06-15") == (
        "DateInterestStart is only allowed when APR is greater than 0."
    )
    assert refused(plan, SheetDefNum=236) == (
        "SheetDefNum is only allowed when the PayPlansUseSheets preference is enabled."
    )
    assert refused(plan, PayAmt="1", APR="24") == (
        "PayAmt is too small: the plan would never be paid off."
    )
    assert (rows(db, "payplan", PayPlanNum=plan), charges(db, plan)) == before
    set_row(db, "payplan", plan, IsLocked=1)
    assert refused(plan, PayAmt="50") == "PayPlan is locked and cannot be edited."
    static = add(db, "payplan", PatNum=pat, Guarantor=pat)
    assert refused(static, PayAmt="50") == "PayPlan is not a dynamic payment plan."


def test_closing_charges_the_rest_today_and_drops_production_never_charged(db: Engine) -> None:
    today = SPEC_TODAY
    plan, (proc, planned), _pat = plan_of(db, "300.00", tp="80.00")
    view = close_payplan(db, plan, KEY)
    assert (view.plan.IsClosed, view.plan.CompletedAmt) == (True, Decimal("300.00"))
    assert charges(db, plan) == [
        (first_due(0), 100.0, proc, ""),
        (first_due(1), 100.0, proc, ""),
        (today, 100.0, proc, "Close Out Charge"),
    ]
    assert [(k["LinkType"], k["FKey"]) for k in rows(db, "payplanlink", PayPlanNum=plan)] == [
        (2, proc)
    ]
    assert planned not in [k["FKey"] for k in rows(db, "payplanlink")]
    [stored] = rows(db, "payplan", PayPlanNum=plan)
    assert (stored["IsClosed"], stored["CompletedAmt"]) == (1, 300.0)


def test_a_static_plan_is_only_marked_closed(db: Engine) -> None:
    pat = patient(db)
    plan = add(db, "payplan", PatNum=pat, Guarantor=pat)
    assert close_payplan(db, plan, KEY).plan.IsClosed is True
    assert rows(db, "payplan", PayPlanNum=plan)[0]["IsClosed"] == 1


def test_closing_is_refused_for_insurance_plans_closed_plans_and_missing_plans(
    db: Engine,
) -> None:
    pat = patient(db)
    insurance = add(db, "payplan", PatNum=pat, Guarantor=pat, PlanNum=4)
    closed = add(db, "payplan", PatNum=pat, Guarantor=pat, IsClosed=1)

    def refused(num: int | None) -> str:
        with pytest.raises((BadRequest, NotFound)) as caught:
            close_payplan(db, num, KEY)
        return caught.value.message

    assert refused(None) == "PayPlanNum is required."
    assert refused(999999999) == "PayPlan not found."
    assert refused(insurance) == "Insurance payment plans cannot be closed."
    assert refused(closed) == "PayPlan is already closed."
