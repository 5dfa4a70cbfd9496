"""PUT /payments/{PayNum}/Partial: checks in order, outstanding amounts, the new splits and
their log (payments.md §6, allocation.md §10)."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.records import Payment
from odpay.services.clock import office_now
from odpay.services.errors import BadRequest, NotFound
from odpay.services.inputs import ChargeAmount, PartialInput, PaymentInput, ProcAmount, RefundInput
from odpay.services.payments.create_payment import create_payment
from odpay.services.payments.partial_payment import partial_payment
from odpay.services.payments.refund_payment import refund_payment
from odpay.services.views import PaymentView
from tests.factories import EDITED_AT, KEY, PAID_ON, add, patient, payment, procedure, rows


def _unearned(db: Engine, PatNum: int, PayAmt: str) -> int:
    return payment(db, PatNum, PayAmt, [{"SplitAmt": PayAmt, "UnearnedType": 283}])


def _dynamic_plan(db: Engine, PatNum: int, Guarantor: int, **cols: Any) -> int:
    cols.setdefault("IsDynamic", 1)
    return add(db, "payplan", PatNum=PatNum, Guarantor=Guarantor, **cols)


def _plan_charge(
    db: Engine, plan: int, PatNum: int, Guarantor: int, principal: str, on: date, **cols: Any
) -> int:
    """A debit charge of `plan` (linked to production through FKey/LinkType when given)."""
    cols.setdefault("ProvNum", 1)
    return add(
        db,
        "payplancharge",
        PayPlanNum=plan,
        PatNum=PatNum,
        Guarantor=Guarantor,
        ChargeDate=on,
        Principal=principal,
        **cols,
    )


def _procs(*pairs: tuple[int | None, str | None]) -> tuple[ProcAmount, ...]:
    return tuple(ProcAmount(ProcNum=n, Amount=a) for n, a in pairs)


def _charges(*pairs: tuple[int | None, str | None]) -> tuple[ChargeAmount, ...]:
    return tuple(ChargeAmount(PayPlanChargeNum=n, Amount=a) for n, a in pairs)


def _split_rows(db: Engine, pay_num: int) -> list[tuple[Any, ...]]:
    """(SplitAmt, PatNum, ProvNum, ProcNum, AdjNum, PayPlanNum, PayPlanChargeNum,
    PayPlanDebitType, UnearnedType) of the payment's splits in SplitNum order."""
    return [
        (
            r["SplitAmt"],
            r["PatNum"],
            r["ProvNum"],
            r["ProcNum"],
            r["AdjNum"],
            r["PayPlanNum"],
            r["PayPlanChargeNum"],
            r["PayPlanDebitType"],
            r["UnearnedType"],
        )
        for r in rows(db, "paysplit", PayNum=pay_num)
    ]


def _written(db: Engine, pay_num: int) -> tuple[Any, ...]:
    """Everything Partial could change: the payment, its splits, the family's log rows."""
    [payment] = rows(db, "payment", PayNum=pay_num)
    return (
        payment,
        rows(db, "paysplit", PayNum=pay_num),
        rows(db, "securitylog", FKey=pay_num),
    )


def _refused(db: Engine, request: PartialInput) -> str:
    """The refusal's message; asserts that nothing was written."""
    before = _written(db, request.pay_num) if request.pay_num else None
    with pytest.raises((BadRequest, NotFound)) as refused:
        partial_payment(db, request, KEY)
    if before is not None:
        assert _written(db, request.pay_num) == before  # type: ignore[arg-type]
    return refused.value.message


def _partial(
    pay_num: int,
    procs: tuple[ProcAmount, ...] | None = None,
    charges: tuple[ChargeAmount, ...] | None = None,
    body_error: str | None = None,
) -> PartialInput:
    return PartialInput(
        pay_num=pay_num,
        body_error=body_error,
        procNumsAndAmounts=procs,
        payPlanChargeNumsAndAmounts=charges,
    )


# The worked example of allocation.md §10 and the rows written.


def test_the_worked_example_splits_onto_two_procedures_and_a_plan_charge(db: Engine) -> None:
    pat = patient(db, LName="Lopez", FName="Ana")
    first = procedure(db, pat, "50.00", "2024-01-10")
    second = procedure(db, pat, "15.00", "2024-02-10")
    on_plan = procedure(db, pat, "20.00", "2024-03-10")
    plan = _dynamic_plan(db, pat, pat)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=on_plan)
    charge = _plan_charge(db, plan, pat, pat, "20.00", date(2024, 4, 1), LinkType=2, FKey=on_plan)
    pay_num = _unearned(db, pat, "75.00")
    before = office_now()

    view = partial_payment(
        db,
        _partial(pay_num, _procs((first, "40"), (second, "15")), _charges((charge, "20"))),
        KEY,
    )

    after = office_now()
    stamp = view.payment.SecDateTEdit
    assert before <= stamp <= after
    assert view == PaymentView(
        payment=Payment(
            PayNum=pay_num,
            PayType=69,
            PayDate=PAID_ON,
            PayAmt=Decimal("75.00"),
            PatNum=pat,
            DateEntry=PAID_ON,
            SecDateTEdit=stamp,
        ),
        pay_type_name="Check",
    )
    assert _split_rows(db, pay_num) == [
        (40.0, pat, 1, first, 0, 0, 0, 0, 0),
        (15.0, pat, 1, second, 0, 0, 0, 0, 0),
        (20.0, pat, 1, on_plan, 0, plan, charge, 1, 0),
    ]


def test_every_column_of_the_new_splits_and_the_payment_is_exact(db: Engine) -> None:
    pat = patient(db)
    child = patient(db, guarantor=pat)
    clinic = add(db, "clinic", Abbr="East")
    proc = procedure(db, child, "80.00", "2024-01-10", ProvNum=1, ClinicNum=clinic)
    pay_num = _unearned(db, pat, "30.00")
    [payment_before] = rows(db, "payment", PayNum=pay_num)

    view = partial_payment(db, _partial(pay_num, _procs((proc, "30.00"))), KEY)

    stamp = view.payment.SecDateTEdit
    [split] = rows(db, "paysplit", PayNum=pay_num)
    assert split == {
        "SplitNum": split["SplitNum"],
        "SplitAmt": 30.0,
        "PatNum": child,
        "ProcDate": date(1, 1, 1),
        "PayNum": pay_num,
        "IsDiscount": 0,
        "DiscountType": 0,
        "ProvNum": 1,
        "PayPlanNum": 0,
        "DatePay": PAID_ON,
        "ProcNum": proc,
        "DateEntry": stamp.date(),
        "UnearnedType": 0,
        "ClinicNum": clinic,
        "SecUserNumEntry": 1,
        "SecDateTEdit": stamp,
        "FSplitNum": 0,
        "AdjNum": 0,
        "PayPlanChargeNum": 0,
        "PayPlanDebitType": 0,
        "SecurityHash": "",
    }
    assert rows(db, "payment", PayNum=pay_num) == [{**payment_before, "SecDateTEdit": stamp}]


def test_the_log_row_counts_the_splits_and_keeps_the_previous_edit_time(db: Engine) -> None:
    pat = patient(db, LName="Lopez", FName="Ana")
    first = procedure(db, pat, "1000.00", "2024-01-10")
    second = procedure(db, pat, "500.00", "2024-02-10")
    pay_num = _unearned(db, pat, "1234.50")

    view = partial_payment(db, _partial(pay_num, _procs((first, "1000"), (second, "234.5"))), KEY)

    [log] = rows(db, "securitylog", FKey=pay_num)
    assert log == {
        "SecurityLogNum": log["SecurityLogNum"],
        "PermType": 16,
        "UserNum": 1,
        "LogDateTime": view.payment.SecDateTEdit,
        "LogText": (
            f"Paysplits replaced for Lopez, Ana on PayNum {pay_num}: 2 paysplit(s) totaling"
            " '$1,234.50' by Acme Dental Apps through API."
        ),
        "PatNum": pat,
        "CompName": "odpay",
        "FKey": pay_num,
        "LogSource": 23,
        "DefNum": 0,
        "DefNumError": 0,
        "DateTPrevious": EDITED_AT,
    }


def test_a_charge_is_spread_over_its_pieces_interest_first(db: Engine) -> None:
    pat = patient(db)
    on_plan = procedure(db, pat, "100.00", "2024-01-10")
    plan = _dynamic_plan(db, pat, pat)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=on_plan)
    charge = _plan_charge(
        db, plan, pat, pat, "100.00", date(2024, 2, 1), Interest="5.00", LinkType=2, FKey=on_plan
    )
    pay_num = _unearned(db, pat, "45.00")

    partial_payment(db, _partial(pay_num, charges=_charges((charge, "45"))), KEY)

    assert _split_rows(db, pay_num) == [
        (5.0, pat, 1, 0, 0, plan, charge, 2, 0),
        (40.0, pat, 1, on_plan, 0, plan, charge, 1, 0),
    ]


def test_a_plan_split_carries_the_charges_guarantor_outside_the_patient(db: Engine) -> None:
    head = patient(db)
    child = patient(db, guarantor=head)
    on_plan = procedure(db, child, "60.00", "2024-01-10")
    plan = _dynamic_plan(db, child, head)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=on_plan)
    charge = _plan_charge(
        db, plan, child, head, "60.00", date(2024, 2, 1), LinkType=2, FKey=on_plan
    )
    pay_num = _unearned(db, child, "60.00")

    partial_payment(db, _partial(pay_num, charges=_charges((charge, "60"))), KEY)

    assert _split_rows(db, pay_num) == [(60.0, head, 1, on_plan, 0, plan, charge, 1, 0)]


def test_a_payment_can_be_split_again_onto_the_procedure_it_already_pays(db: Engine) -> None:
    pat = patient(db)
    proc = procedure(db, pat, "50.00", "2024-01-10")
    pay_num = payment(
        db,
        pat,
        "50.00",
        [
            {"SplitAmt": "30.00", "ProcNum": proc, "ProvNum": 1},
            {"SplitAmt": "20.00", "ProcNum": proc, "ProvNum": 1},
        ],
    )

    partial_payment(db, _partial(pay_num, _procs((proc, "50.00"))), KEY)

    assert _split_rows(db, pay_num) == [(50.0, pat, 1, proc, 0, 0, 0, 0, 0)]


def test_a_realistic_payment_moves_from_the_oldest_procedure_to_another(db: Engine) -> None:
    pat = patient(db)
    older = procedure(db, pat, "70.00", "2024-01-10")
    newer = procedure(db, pat, "90.00", "2024-02-10")
    created = create_payment(db, PaymentInput(PayAmt="70", PatNum=pat), KEY)
    pay_num = created.payment.PayNum
    assert _split_rows(db, pay_num) == [(70.0, pat, 1, older, 0, 0, 0, 0, 0)]

    partial_payment(db, _partial(pay_num, _procs((newer, "70"))), KEY)

    assert _split_rows(db, pay_num) == [(70.0, pat, 1, newer, 0, 0, 0, 0, 0)]
    # The older procedure is open again: the next payment pays it.
    following = create_payment(db, PaymentInput(PayAmt="70", PatNum=pat), KEY)
    assert _split_rows(db, following.payment.PayNum) == [(70.0, pat, 1, older, 0, 0, 0, 0, 0)]


def test_partial_then_refund_mirrors_the_new_splits(db: Engine) -> None:
    pat = patient(db)
    first = procedure(db, pat, "40.00", "2024-01-10")
    second = procedure(db, pat, "60.00", "2024-02-10")
    pay_num = _unearned(db, pat, "100.00")
    partial_payment(db, _partial(pay_num, _procs((second, "60"), (first, "40"))), KEY)
    second_split, first_split = (r["SplitNum"] for r in rows(db, "paysplit", PayNum=pay_num))

    refund = refund_payment(db, RefundInput(PayNum=pay_num), KEY)

    assert [
        (r["SplitAmt"], r["ProcNum"], r["FSplitNum"])
        for r in rows(db, "paysplit", PayNum=refund.payment.PayNum)
    ] == [(-60.0, second, second_split), (-40.0, first, first_split)]


# Validation, in the order of payments.md §6.1.


@pytest.mark.parametrize("pay_num", [None, 0])
def test_a_missing_payment_id_is_required(db: Engine, pay_num: int | None) -> None:
    request = PartialInput(pay_num=pay_num, body_error="Include a JSON resource.")
    assert _refused(db, request) == "Payment ID is required."


def test_an_unknown_payment_is_not_found_before_the_body_is_judged(db: Engine) -> None:
    pat = patient(db)
    pay_num = _unearned(db, pat, "10")
    request = _partial(pay_num + 100_000, body_error="Include a JSON resource.")
    with pytest.raises(NotFound) as refused:
        partial_payment(db, request, KEY)
    assert refused.value.message == "Payment not found."


def test_a_deleted_patient_is_refused_before_the_body_is_judged(db: Engine) -> None:
    pat = patient(db, PatStatus=4)
    pay_num = _unearned(db, pat, "10")
    request = _partial(pay_num, body_error="Invalid JSON.")
    assert _refused(db, request) == "Patient has been deleted."


@pytest.mark.parametrize("message", ["Include a JSON resource.", "Invalid JSON."])
def test_the_body_error_is_raised_at_step_four(db: Engine, message: str) -> None:
    pat = patient(db)
    pay_num = _unearned(db, pat, "10")
    assert _refused(db, _partial(pay_num, body_error=message)) == message


@pytest.mark.parametrize(("procs", "charges"), [(None, None), ((), ()), ((), None), (None, ())])
def test_both_arrays_missing_or_empty_are_refused(
    db: Engine, procs: tuple[ProcAmount, ...] | None, charges: tuple[ChargeAmount, ...] | None
) -> None:
    pat = patient(db)
    pay_num = _unearned(db, pat, "10")
    assert (
        _refused(db, _partial(pay_num, procs, charges))
        == "procNumsAndAmounts or payPlanChargeNumsAndAmounts is required."
    )


def test_a_refunded_payment_is_refused_before_its_items_are_judged(db: Engine) -> None:
    pat = patient(db)
    pay_num = _unearned(db, pat, "10")
    refund_payment(db, RefundInput(PayNum=pay_num), KEY)
    request = _partial(pay_num, _procs((None, "10")))
    assert (
        _refused(db, request) == "Cannot change the paysplits of a payment that has been refunded."
    )


def _family_with_payment(db: Engine) -> tuple[int, int, int]:
    """A payer with one procedure (fee 100) and a 100.00 unearned payment:
    (PatNum, ProcNum, PayNum)."""
    pat = patient(db)
    proc = procedure(db, pat, "100.00", "2024-01-10")
    return pat, proc, _unearned(db, pat, "100.00")


@pytest.mark.parametrize("proc_num", [None, 0, -4])
def test_a_procedure_item_without_a_proc_num_is_refused(db: Engine, proc_num: int | None) -> None:
    _, _, pay_num = _family_with_payment(db)
    assert _refused(db, _partial(pay_num, _procs((proc_num, "100")))) == "ProcNum is required."


def test_an_unknown_procedure_is_invalid(db: Engine) -> None:
    _, proc, pay_num = _family_with_payment(db)
    unknown = proc + 100_000
    request = _partial(pay_num, _procs((unknown, None)))
    assert _refused(db, request) == f"ProcNum {unknown} is invalid."


def test_another_familys_procedure_is_refused(db: Engine) -> None:
    _, _, pay_num = _family_with_payment(db)
    stranger = patient(db)
    theirs = procedure(db, stranger, "100.00", "2024-01-10")
    request = _partial(pay_num, _procs((theirs, "100")))
    assert _refused(db, request) == f"ProcNum {theirs} is not for the patient or a family member."


def test_a_deleted_members_procedure_is_not_the_familys(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    gone = patient(db, guarantor=pat, PatStatus=4)
    theirs = procedure(db, gone, "100.00", "2024-01-10")
    request = _partial(pay_num, _procs((theirs, "100")))
    assert _refused(db, request) == f"ProcNum {theirs} is not for the patient or a family member."


def test_a_procedure_listed_twice_is_refused(db: Engine) -> None:
    _, proc, pay_num = _family_with_payment(db)
    request = _partial(pay_num, _procs((proc, "50"), (proc, None)))
    assert _refused(db, request) == f"ProcNum {proc} is listed more than once."


def test_a_procedure_item_needs_an_amount(db: Engine) -> None:
    _, proc, pay_num = _family_with_payment(db)
    request = _partial(pay_num, _procs((proc, None)))
    assert _refused(db, request) == f"Amount is required for ProcNum {proc}."


@pytest.mark.parametrize("amount", ["0", "0.004", "-5", "-1e20"])
def test_a_procedure_amount_must_be_above_zero_in_cents(db: Engine, amount: str) -> None:
    _, proc, pay_num = _family_with_payment(db)
    request = _partial(pay_num, _procs((proc, amount)))
    assert _refused(db, request) == f"Amount for ProcNum {proc} must be greater than 0."


def test_items_are_judged_in_array_order(db: Engine) -> None:
    _, proc, pay_num = _family_with_payment(db)
    request = _partial(pay_num, _procs((proc, None), (proc + 100_000, "5")))
    assert _refused(db, request) == f"Amount is required for ProcNum {proc}."


def test_procedure_items_are_judged_before_charge_items(db: Engine) -> None:
    _, proc, pay_num = _family_with_payment(db)
    request = _partial(pay_num, _procs((proc, "0")), _charges((None, "5")))
    assert _refused(db, request) == f"Amount for ProcNum {proc} must be greater than 0."


@pytest.mark.parametrize("charge_num", [None, 0, -2])
def test_a_charge_item_without_a_number_is_refused(db: Engine, charge_num: int | None) -> None:
    _, _, pay_num = _family_with_payment(db)
    request = _partial(pay_num, charges=_charges((charge_num, "100")))
    assert _refused(db, request) == "PayPlanChargeNum is required."


def test_an_unknown_charge_is_invalid(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    plan = _dynamic_plan(db, pat, pat)
    unknown = _plan_charge(db, plan, pat, pat, "10", date(2024, 1, 1)) + 100_000
    request = _partial(pay_num, charges=_charges((unknown, None)))
    assert _refused(db, request) == f"PayPlanChargeNum {unknown} is invalid."


@pytest.mark.parametrize(
    ("plan_cols", "charge_cols"),
    [
        ({"IsDynamic": 0}, {}),
        ({"PlanNum": 3}, {}),
        ({}, {"ChargeType": 1}),
    ],
    ids=["static plan", "insurance plan", "credit row"],
)
def test_a_charge_that_is_no_dynamic_plan_debit_is_refused(
    db: Engine, plan_cols: dict[str, int], charge_cols: dict[str, int]
) -> None:
    pat, _, pay_num = _family_with_payment(db)
    plan = _dynamic_plan(db, pat, pat, **plan_cols)
    charge = _plan_charge(db, plan, pat, pat, "10", date(2024, 1, 1), **charge_cols)
    request = _partial(pay_num, charges=_charges((charge, None)))
    assert _refused(db, request) == f"PayPlanChargeNum {charge} is not for a Dynamic Payment Plan."


def test_a_charge_whose_plan_row_is_missing_is_no_dynamic_plan_charge(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    plan = _dynamic_plan(db, pat, pat)
    charge = _plan_charge(db, plan + 100_000, pat, pat, "10", date(2024, 1, 1))
    request = _partial(pay_num, charges=_charges((charge, "10")))
    assert _refused(db, request) == f"PayPlanChargeNum {charge} is not for a Dynamic Payment Plan."


def test_another_familys_plan_charge_is_refused(db: Engine) -> None:
    _, _, pay_num = _family_with_payment(db)
    stranger = patient(db)
    plan = _dynamic_plan(db, stranger, stranger)
    charge = _plan_charge(db, plan, stranger, stranger, "10", date(2024, 1, 1))
    request = _partial(pay_num, charges=_charges((charge, "10")))
    assert (
        _refused(db, request)
        == f"PayPlanChargeNum {charge} is not for the patient or a family member."
    )


def test_a_charge_is_the_familys_when_only_the_plan_guarantor_is_a_member(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    stranger = patient(db)
    plan = _dynamic_plan(db, stranger, pat)
    charge = _plan_charge(db, plan, stranger, pat, "10", date(2024, 1, 1))
    # Past the family check: the next refusal is the sum's.
    request = _partial(pay_num, charges=_charges((charge, "10")))
    assert _refused(db, request) == "The sum of all Amounts must equal the PayAmt of the payment."


def test_a_charge_listed_twice_is_refused(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    plan = _dynamic_plan(db, pat, pat)
    charge = _plan_charge(db, plan, pat, pat, "10", date(2024, 1, 1))
    request = _partial(pay_num, charges=_charges((charge, "5"), (charge, "5")))
    assert _refused(db, request) == f"PayPlanChargeNum {charge} is listed more than once."


def test_a_charge_item_needs_an_amount_above_zero(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    plan = _dynamic_plan(db, pat, pat)
    charge = _plan_charge(db, plan, pat, pat, "10", date(2024, 1, 1))
    missing = _partial(pay_num, charges=_charges((charge, None)))
    assert _refused(db, missing) == f"Amount is required for PayPlanChargeNum {charge}."
    zero = _partial(pay_num, charges=_charges((charge, "0.001")))
    assert _refused(db, zero) == f"Amount for PayPlanChargeNum {charge} must be greater than 0."


@pytest.mark.parametrize("amounts", [("60", "39.99"), ("33.334", "33.333", "33.333"), ("1e20",)])
def test_amounts_that_do_not_add_up_to_the_pay_amt_are_refused(
    db: Engine, amounts: tuple[str, ...]
) -> None:
    pat, _, pay_num = _family_with_payment(db)
    procs = tuple(ProcAmount(procedure(db, pat, "100", "2024-01-10"), a) for a in amounts)
    request = _partial(pay_num, procs)
    assert _refused(db, request) == "The sum of all Amounts must equal the PayAmt of the payment."


def test_the_sum_is_taken_after_rounding_each_amount_to_cents(db: Engine) -> None:
    pat, proc, pay_num = _family_with_payment(db)
    other = procedure(db, pat, "100", "2024-01-11")

    partial_payment(db, _partial(pay_num, _procs((proc, "50.004"), (other, "49.996"))), KEY)

    assert _split_rows(db, pay_num) == [
        (50.0, pat, 1, proc, 0, 0, 0, 0, 0),
        (50.0, pat, 1, other, 0, 0, 0, 0, 0),
    ]


# Step 10: what is still owed, leaving the payment's own splits out.


def test_a_procedure_paid_by_another_payment_has_no_outstanding_charge(db: Engine) -> None:
    pat, proc, pay_num = _family_with_payment(db)
    payment(db, pat, "100", [{"SplitAmt": "100", "ProcNum": proc, "ProvNum": 1}])
    request = _partial(pay_num, _procs((proc, "100")))
    assert _refused(db, request) == f"ProcNum {proc} does not have an outstanding charge."


def test_a_procedure_that_is_not_complete_has_no_outstanding_charge(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    planned = procedure(db, pat, "100", "2024-01-10", ProcStatus=1)
    request = _partial(pay_num, _procs((planned, "100")))
    assert _refused(db, request) == f"ProcNum {planned} does not have an outstanding charge."


def test_an_amount_above_what_the_procedure_owes_names_the_outstanding_amount(
    db: Engine,
) -> None:
    pat, proc, pay_num = _family_with_payment(db)
    payment(db, pat, "87.50", [{"SplitAmt": "87.50", "ProcNum": proc, "ProvNum": 1}])
    other = procedure(db, pat, "100", "2024-01-11")
    request = _partial(pay_num, _procs((proc, "12.51"), (other, "87.49")))
    assert (
        _refused(db, request)
        == f"Amount for ProcNum {proc} is more than its outstanding charge of 12.5."
    )


@pytest.mark.usefixtures("spec_today")
def test_a_plan_charge_dated_after_today_has_no_outstanding_charge(db: Engine) -> None:
    pat, _, pay_num = _family_with_payment(db)
    on_plan = procedure(db, pat, "100.00", "2024-01-10")
    plan = _dynamic_plan(db, pat, pat)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=on_plan)
    later = date(2024, 7, 15)
    charge = _plan_charge(db, plan, pat, pat, "100.00", later, LinkType=2, FKey=on_plan)
    request = _partial(pay_num, charges=_charges((charge, "100")))
    assert (
        _refused(db, request) == f"PayPlanChargeNum {charge} does not have an outstanding charge."
    )


def test_an_amount_above_what_the_plan_charge_owes_names_the_outstanding_amount(
    db: Engine,
) -> None:
    pat, proc, pay_num = _family_with_payment(db)
    on_plan = procedure(db, pat, "1500.00", "2024-01-10")
    plan = _dynamic_plan(db, pat, pat)
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=on_plan)
    charge = _plan_charge(db, plan, pat, pat, "1500.00", date(2024, 2, 1), LinkType=2, FKey=on_plan)
    payment(
        db,
        pat,
        "1450",
        [
            {
                "SplitAmt": "1450",
                "PayPlanNum": plan,
                "PayPlanChargeNum": charge,
                "ProvNum": 1,
                "ProcNum": on_plan,
                "PayPlanDebitType": 1,
            }
        ],
    )
    request = _partial(pay_num, _procs((proc, "40")), _charges((charge, "60")))
    assert (
        _refused(db, request)
        == f"Amount for PayPlanChargeNum {charge} is more than its outstanding charge of 50."
    )


@pytest.mark.usefixtures("spec_today")
def test_procedures_are_checked_against_what_they_owe_before_charges(db: Engine) -> None:
    pat, proc, pay_num = _family_with_payment(db)
    plan = _dynamic_plan(db, pat, pat)
    later = date(2024, 7, 15)
    charge = _plan_charge(db, plan, pat, pat, "100.00", later)
    payment(db, pat, "100", [{"SplitAmt": "100", "ProcNum": proc, "ProvNum": 1}])
    request = _partial(pay_num, _procs((proc, "50")), _charges((charge, "50")))
    assert _refused(db, request) == f"ProcNum {proc} does not have an outstanding charge."


def test_a_refusal_at_the_last_step_leaves_the_old_splits(db: Engine) -> None:
    pat = patient(db)
    proc = procedure(db, pat, "10.00", "2024-01-10")
    pay_num = payment(db, pat, "20.00", [{"SplitAmt": "20.00", "UnearnedType": 283}])
    request = _partial(pay_num, _procs((proc, "20")))
    assert (
        _refused(db, request)
        == f"Amount for ProcNum {proc} is more than its outstanding charge of 10."
    )
    assert _split_rows(db, pay_num) == [(20.0, pat, 0, 0, 0, 0, 0, 0, 283)]
