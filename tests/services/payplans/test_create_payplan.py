"""POST /payplans/Dynamic: the plan, its links, its whole schedule, and the refusals in order."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.db.ledger.family import load_family
from odpay.db.practice.cache import load_prefs
from odpay.domain.outstanding import outstanding
from odpay.domain.payplans.rows import PayPlanRow
from odpay.services.errors import BadRequest, NotFound
from odpay.services.payplans.create_payplan import create_payplan
from odpay.services.payplans.payplan_inputs import PayPlanDynamicInput
from odpay.services.payplans.payplans import PayPlanView, list_payplancharges
from tests.factories import KEY, SPEC_TODAY, add, patient, payment, procedure, rows

# odpay's clock reads 2024-06-15 (tests/conftest.py spec_today), so dates are written out.
pytestmark = pytest.mark.usefixtures("spec_today")

MONTHLY = 3


def charge_rows(db: Engine, plan: int) -> list[tuple[Any, ...]]:
    return [
        (
            c["ChargeDate"],
            c["Principal"],
            c["Interest"],
            c["LinkType"],
            c["FKey"],
            c["ProvNum"],
            c["Note"],
        )
        for c in rows(db, "payplancharge", PayPlanNum=plan)
    ]


def test_a_plan_stores_its_links_and_every_charge_of_its_schedule(db: Engine) -> None:
    today = SPEC_TODAY
    pat = patient(db)
    proc = procedure(db, pat, "300.00", "2024-04-16", ProvNum=1)
    adj = add(db, "adjustment", PatNum=pat, AdjAmt="60.00", AdjDate=date(2024, 4, 26), ProvNum=2)
    first = date(2024, 5, 15)
    plan_date = date(2024, 5, 5)

    view = create_payplan(
        db,
        PayPlanDynamicInput(
            PatNum=pat,
            PayAmt="100",
            procNums=(proc,),
            adjNums=(adj,),
            PayPlanDate=str(plan_date),
            DatePayPlanStart=str(first),
            DownPayment="50",
            Note="Signed at the desk",
        ),
        KEY,
    )

    num = view.plan.PayPlanNum
    assert view == PayPlanView(
        plan=PayPlanRow(
            PayPlanNum=num,
            PatNum=pat,
            Guarantor=pat,
            PayPlanDate=plan_date,
            APR=Decimal("0"),
            Note=(
                f"{today:%m/%d/%Y} - Date of Agreement: {plan_date:%m/%d/%Y}, Total Amount: "
                "360.00, APR: 0, Total Cost of Loan: 360.00, Signed at the desk"
            ),
            CompletedAmt=Decimal("360.00"),
            PayAmt=Decimal("100.00"),
            DownPayment=Decimal("50.00"),
            IsDynamic=True,
            ChargeFrequency=MONTHLY,
            DatePayPlanStart=first,
            IsLocked=True,
            DynamicPayPlanTPOption=1,
        ),
        plan_category_name="",
        principal_amount=Decimal("360.00"),
    )
    [stored] = rows(db, "payplan", PayPlanNum=num)
    assert (stored["IsDynamic"], stored["PlanNum"], stored["NumberOfPayments"]) == (1, 0, 0)
    assert [
        (k["LinkType"], k["FKey"], k["AmountOverride"])
        for k in rows(db, "payplanlink", PayPlanNum=num)
    ] == [
        (2, proc, 0.0),
        (1, adj, 0.0),
    ]
    # The first payment date is past: the down payment is due on it, the charges follow.
    due = [date(2024, month, 15) for month in (5, 6, 7, 8, 9)]
    assert charge_rows(db, num) == [
        (due[0], 50.0, 0.0, 2, proc, 1, "Down Payment"),
        (due[1], 100.0, 0.0, 2, proc, 1, ""),
        (due[2], 100.0, 0.0, 2, proc, 1, ""),
        (due[3], 50.0, 0.0, 2, proc, 1, ""),
        (due[3], 50.0, 0.0, 1, adj, 2, ""),
        (due[4], 10.0, 0.0, 1, adj, 2, ""),
    ]
    assert [
        (c["Guarantor"], c["PatNum"], c["IsDownPayment"])
        for c in rows(db, "payplancharge", PayPlanNum=num)
    ] == [
        (pat, pat, 1),
        (pat, pat, 0),
        (pat, pat, 0),
        (pat, pat, 0),
        (pat, pat, 0),
        (pat, pat, 0),
    ]
    # Only the charges already due are posted as far as a client can see.
    assert [c.ChargeDate for c in list_payplancharges(db, str(num))] == [due[0], due[1]]
    # The engine now owes the due charges instead of the production.
    with db.connect() as conn:
        family = load_family(conn, pat)
        prefs = load_prefs(conn)
    assert family is not None
    owed = outstanding(family, prefs, today)
    charge_nums = [c["PayPlanChargeNum"] for c in rows(db, "payplancharge", PayPlanNum=num)]
    assert owed.procedure(proc) == Decimal("0.00")
    assert [owed.charge(n) for n in charge_nums] == [
        Decimal("50.00"),
        Decimal("100.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]


def test_a_number_of_payments_sets_the_payment_and_treatment_planned_work_waits(
    db: Engine,
) -> None:
    today = SPEC_TODAY
    pat = patient(db)
    done = procedure(db, pat, "400.00", "2024-05-26", ProvNum=1)
    planned = procedure(db, pat, "200.00", "2024-05-26", ProcStatus=1)
    first = date(2024, 7, 15)

    view = create_payplan(
        db,
        PayPlanDynamicInput(
            PatNum=pat,
            NumberOfPayments=4,
            APR="12",
            DownPayment="100",
            procNums=(done, planned),
            DatePayPlanStart=str(first),
        ),
        KEY,
    )

    plan = view.plan
    assert (plan.PayAmt, plan.CompletedAmt, plan.IsLocked, plan.APR) == (
        Decimal("128.15"),
        Decimal("400.00"),
        True,
        Decimal("12.0"),
    )
    assert plan.Note == (
        f"{today:%m/%d/%Y} - Date of Agreement: {today:%m/%d/%Y}, Total Amount: 600.00, "
        "APR: 12, Total Cost of Loan: 605.23"
    )
    assert view.principal_amount == Decimal("600.00")
    # The first payment is ahead, so the down payment is due today; 12 % a year is 1 % a month.
    due = [date(2024, month, 15) for month in (7, 8, 9)]
    assert charge_rows(db, plan.PayPlanNum) == [
        (today, 100.0, 0.0, 2, done, 1, "Down Payment"),
        (due[0], 125.15, 3.0, 2, done, 1, ""),
        (due[1], 126.4, 1.75, 2, done, 1, ""),
        (due[2], 48.45, 0.48, 2, done, 1, ""),
    ]


def test_the_checks_run_in_the_documented_order_and_a_refusal_writes_nothing(
    db: Engine,
) -> None:
    today = SPEC_TODAY
    pat = patient(db)
    gone = patient(db, PatStatus=4)
    other = patient(db)
    earlier = "2024-05-16"
    proc = procedure(db, pat, "100.00", earlier)
    theirs = procedure(db, other, "100.00", earlier)
    existing = procedure(db, pat, "100.00", earlier, ProcStatus=4)
    on_plan = procedure(db, pat, "100.00", earlier)
    paid = procedure(db, pat, "100.00", earlier)
    payment(
        db, pat, "100.00", [{"SplitAmt": "100.00", "ProcNum": paid, "ProvNum": 1}], PayDate=today
    )
    attached = add(
        db, "adjustment", PatNum=pat, AdjAmt="10.00", AdjDate=today, ProcNum=proc, ProvNum=1
    )
    negative = add(db, "adjustment", PatNum=pat, AdjAmt="-10.00", AdjDate=today, ProvNum=1)
    create_payplan(db, PayPlanDynamicInput(PatNum=pat, PayAmt="50", procNums=(on_plan,)), KEY)
    plans_before = rows(db, "payplan", PatNum=pat)

    def refused(**fields: Any) -> str:
        fields.setdefault("PatNum", pat)
        with pytest.raises((BadRequest, NotFound)) as caught:
            create_payplan(db, PayPlanDynamicInput(**fields), KEY)
        return caught.value.message

    ok = {"PayAmt": "50", "procNums": (proc,)}
    assert refused(PatNum=None) == "PatNum is required."
    assert refused(PatNum=0, **ok) == "PatNum is required."
    assert refused(PatNum=999999999, **ok) == "Patient not found."
    assert refused(PatNum=gone, **ok) == "Patient has been deleted."
    assert refused(procNums=(proc,)) == "PayAmt or NumberOfPayments is required."
    assert refused(PayAmt="50", NumberOfPayments=3, procNums=(proc,)) == (
        "PayAmt and NumberOfPayments cannot both be supplied."
    )
    assert refused(PayAmt="lots", procNums=(proc,)) == "PayAmt is invalid."
    assert refused(PayAmt="0", procNums=(proc,)) == "PayAmt must be greater than 0."
    assert (
        refused(NumberOfPayments=0, procNums=(proc,)) == "NumberOfPayments must be greater than 0."
    )
    assert refused(PayAmt="50", procNums=(), adjNums=()) == "procNums or adjNums is required."
    assert refused(Guarantor=999999999, **ok) == "Guarantor not found."
    assert refused(PayPlanDate="06/30/2022", **ok) == "PayPlanDate is invalid."
    assert refused(PayPlanDate="2024-06-16", **ok) == ("PayPlanDate cannot be a future date.")
    assert refused(APR="-1", **ok) == "APR is invalid."
    assert refused(DownPayment="-5", **ok) == "DownPayment is invalid."
    assert refused(PlanCategory=69, **ok) == (
        "PlanCategory is invalid. Must be a definition.DefNum where definition.Category=47."
    )
    assert refused(ChargeFrequency="monthly", **ok) == (
        'ChargeFrequency is invalid. Use "Weekly", "EveryOtherWeek", "OrdinalWeekday", '
        '"Monthly" or "Quarterly".'
    )
    assert refused(DatePayPlanStart="soon", **ok) == "DatePayPlanStart is invalid."
    assert refused(DateInterestStart="2024-02-30", **ok) == "DateInterestStart is invalid."
    assert refused(IsLocked="maybe", **ok) == "IsLocked is invalid."
    assert refused(APR="5", IsLocked="false", **ok) == (
        "IsLocked must be true when APR is greater than 0."
    )
    assert refused(DynamicPayPlanTPOption="None", **ok) == (
        'DynamicPayPlanTPOption is invalid. Use "AwaitComplete" or "TreatAsComplete".'
    )
    assert refused(PayAmt="50", procNums=(999999999,)) == "ProcNum 999999999 is invalid."
    assert refused(PayAmt="50", procNums=(theirs,)) == (
        f"ProcNum {theirs} does not belong to PatNum {pat}."
    )
    assert refused(PayAmt="50", procNums=(existing,)) == (
        f"ProcNum {existing} must be complete or treatment planned."
    )
    assert refused(PayAmt="50", procNums=(on_plan,)) == (
        f"ProcNum {on_plan} is already attached to a payment plan."
    )
    assert refused(PayAmt="50", procNums=(paid,)) == (
        f"ProcNum {paid} has no balance left to put on a payment plan."
    )
    assert refused(PayAmt="50", adjNums=(999999999,)) == "AdjNum 999999999 is invalid."
    assert (
        refused(PayAmt="50", adjNums=(attached,))
        == f"AdjNum {attached} is attached to a procedure."
    )
    assert refused(PayAmt="50", adjNums=(negative,)) == (
        f"AdjNum {negative} must be a positive adjustment."
    )
    assert refused(DownPayment="500", **ok) == (
        "DownPayment cannot be more than the total principal."
    )
    assert refused(PayAmt="1", APR="24", procNums=(proc,)) == (
        "PayAmt is too small: the plan would never be paid off."
    )
    assert rows(db, "payplan", PatNum=pat) == plans_before
