"""GET /payplans/{PayPlanNum}, GET /payplans and GET /payplancharges."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from odpay.domain.payplans.rows import PayPlanChargeRow, PayPlanRow
from odpay.services.errors import BadRequest, NotFound
from odpay.services.payplans.create_payplan import create_payplan
from odpay.services.payplans.payplan_inputs import PayPlanDynamicInput
from odpay.services.payplans.payplans import (
    PayPlanView,
    get_payplan,
    list_payplancharges,
    list_payplans,
)
from tests.factories import KEY, add, patient, procedure

# odpay's clock reads 2024-06-15 (tests/conftest.py spec_today), so dates are written out.
pytestmark = pytest.mark.usefixtures("spec_today")


def static_plan(db: Engine, pat: int, guarantor: int, **cols: object) -> int:
    """An old patient payment plan (static) as Open Dental left it: credits and debits."""
    plan = add(
        db,
        "payplan",
        PatNum=pat,
        Guarantor=guarantor,
        PayPlanDate=date(2020, 4, 15),
        NumberOfPayments=10,
        IsClosed=1,
        **cols,
    )
    add(
        db,
        "payplancharge",
        PayPlanNum=plan,
        PatNum=pat,
        Guarantor=pat,
        ChargeType=1,
        Principal="64.00",
        ChargeDate=date(2020, 4, 15),
    )
    add(
        db,
        "payplancharge",
        PayPlanNum=plan,
        PatNum=pat,
        Guarantor=guarantor,
        Principal="6.40",
        ChargeDate=date(2020, 5, 15),
    )
    return plan


def test_a_static_plan_reads_back_with_its_credits_as_principal(db: Engine) -> None:
    pat = patient(db)
    plan = static_plan(db, pat, pat, APR=0)
    assert get_payplan(db, plan) == PayPlanView(
        plan=PayPlanRow(
            PayPlanNum=plan,
            PatNum=pat,
            Guarantor=pat,
            PayPlanDate=date(2020, 4, 15),
            APR=Decimal("0.0"),
            NumberOfPayments=10,
            IsClosed=True,
            IsDynamic=False,
            ChargeFrequency=0,
            DynamicPayPlanTPOption=0,
        ),
        plan_category_name="",
        principal_amount=Decimal("64.00"),
    )


def test_an_insurance_plan_without_credits_counts_its_debits_and_names_its_category(
    db: Engine,
) -> None:
    pat = patient(db)
    category = add(db, "definition", Category=47, ItemName="Implant", ItemOrder=0)
    plan = add(
        db,
        "payplan",
        PatNum=pat,
        Guarantor=pat,
        PlanNum=3,
        InsSubNum=13,
        PlanCategory=category,
        APR=10,
    )
    add(
        db,
        "payplancharge",
        PayPlanNum=plan,
        PatNum=pat,
        Guarantor=pat,
        Principal="1000.00",
        ChargeDate=date(2021, 2, 23),
    )
    view = get_payplan(db, plan)
    assert (view.plan.PlanNum, view.plan.InsSubNum, view.plan.APR) == (3, 13, Decimal("10.0"))
    assert (view.plan_category_name, view.principal_amount) == ("Implant", Decimal("1000.00"))


def test_a_missing_plan_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as caught:
        get_payplan(db, 999999999)
    assert caught.value.message == "PayPlan not found."


def test_plans_are_listed_by_patient_and_by_guarantor(db: Engine) -> None:
    pat = patient(db)
    head = patient(db)
    own = static_plan(db, pat, pat)
    guaranteed = static_plan(db, pat, head)
    elsewhere = static_plan(db, head, head)
    by_patient = [v.plan.PayPlanNum for v in list_payplans(db, str(pat), None)]
    by_guarantor = [v.plan.PayPlanNum for v in list_payplans(db, None, f" {head} ")]
    both = [v.plan.PayPlanNum for v in list_payplans(db, str(pat), str(head))]
    assert (by_patient, by_guarantor, both) == (
        [own, guaranteed],
        [guaranteed, elsewhere],
        [guaranteed],
    )
    assert list_payplans(db, str(patient(db)), None) == []


def test_the_list_needs_a_patient_or_a_guarantor_that_exists(db: Engine) -> None:
    with pytest.raises(BadRequest) as missing:
        list_payplans(db, None, "junk")
    with pytest.raises(NotFound) as no_patient:
        list_payplans(db, "999999999", None)
    with pytest.raises(NotFound) as no_guarantor:
        list_payplans(db, None, "999999999")
    assert missing.value.message == "PatNum or Guarantor is required."
    assert no_patient.value.message == "Patient not found."
    assert no_guarantor.value.message == "Guarantor not found."


def test_charges_list_only_what_is_due_by_today(db: Engine) -> None:
    pat = patient(db)
    proc = procedure(db, pat, "90.00", "2024-05-06", ProvNum=1)
    first = date(2024, 6, 1)
    view = create_payplan(
        db,
        PayPlanDynamicInput(
            PatNum=pat,
            PayAmt="30",
            procNums=(proc,),
            PayPlanDate=str(first),
            DatePayPlanStart=str(first),
            ChargeFrequency="Weekly",
        ),
        KEY,
    )
    charges = list_payplancharges(db, str(view.plan.PayPlanNum))
    stamp = charges[0].SecDateTEntry
    assert isinstance(stamp, datetime)
    assert charges == [
        PayPlanChargeRow(
            PayPlanChargeNum=charges[n].PayPlanChargeNum,
            PayPlanNum=view.plan.PayPlanNum,
            Guarantor=pat,
            PatNum=pat,
            ChargeDate=first + timedelta(days=7 * n),
            Principal=Decimal("30.00"),
            ProvNum=1,
            SecDateTEntry=stamp,
            SecDateTEdit=stamp,
            FKey=proc,
            LinkType=2,
        )
        for n in range(3)
    ]


def test_an_old_static_plans_charges_are_all_listed_future_ones_too(db: Engine) -> None:
    pat = patient(db)
    plan = static_plan(db, pat, pat)
    later = date(2024, 7, 25)
    add(
        db,
        "payplancharge",
        PayPlanNum=plan,
        PatNum=pat,
        Guarantor=pat,
        Principal="6.40",
        ChargeDate=later,
    )
    charges = list_payplancharges(db, str(plan))
    assert [(c.ChargeType, c.ChargeDate, c.Principal) for c in charges] == [
        (1, date(2020, 4, 15), Decimal("64.00")),
        (0, date(2020, 5, 15), Decimal("6.40")),
        (0, later, Decimal("6.40")),
    ]


def test_charges_need_a_plan_that_exists(db: Engine) -> None:
    with pytest.raises(BadRequest) as missing:
        list_payplancharges(db, "0")
    with pytest.raises(NotFound) as unknown:
        list_payplancharges(db, "999999999")
    assert missing.value.message == "PayPlanNum is required."
    assert unknown.value.message == "PayPlan not found."
