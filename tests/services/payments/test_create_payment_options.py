"""POST /payments refusals of payments.md §3.2 steps 7–12 (texts, clinic, the boolean strings,
the plan, procNums), in order, with nothing written."""

from datetime import date

import pytest
from sqlalchemy import Engine

from tests.factories import add, patient, procedure
from tests.services.payments.payment_support import (
    not_found,
    post,
    refused,
    split,
    splits_of,
    unearned,
    written,
)

# The spec's dates are written as they are: odpay's clock reads 2024-06-15.
pytestmark = pytest.mark.usefixtures("spec_today")


def _family(db: Engine) -> tuple[int, int]:
    head = patient(db)
    return head, patient(db, head)


# Step 7: CheckNum, PayNote, BankBranch


def test_check_num_and_bank_branch_hold_at_most_25_characters(db: Engine) -> None:
    head, _ = _family(db)

    assert refused(
        db, (head,), PatNum=head, PayAmt="5", CheckNum="1" * 26, BankBranch="2" * 26, ClinicNum=10**9
    ) == "CheckNum is too long."  # fmt: skip
    assert refused(
        db, (head,), PatNum=head, PayAmt="5", BankBranch="é" * 26, ClinicNum=10**9
    ) == "BankBranch is too long."  # fmt: skip
    view = post(
        db, PatNum=head, PayAmt="5", CheckNum="é" * 25, BankBranch="2" * 25, PayNote="n" * 500
    )
    assert (view.payment.CheckNum, view.payment.BankBranch, view.payment.PayNote) == (
        "é" * 25, "2" * 25, "n" * 500,
    )  # fmt: skip


# Step 8: ClinicNum


def test_the_clinic_defaults_to_the_patients_and_must_exist_when_given(db: Engine) -> None:
    own = add(db, "clinic", Abbr="Own", Description="Own clinic")
    hidden = add(db, "clinic", Abbr="Hid", Description="Hidden clinic", IsHidden=1)
    head = patient(db, ClinicNum=own)

    assert post(db, PatNum=head, PayAmt="5").payment.ClinicNum == own
    assert post(db, PatNum=head, PayAmt="5", ClinicNum=-3).payment.ClinicNum == own
    assert post(db, PatNum=head, PayAmt="5", ClinicNum=0).payment.ClinicNum == 0
    assert post(db, PatNum=head, PayAmt="5", ClinicNum=hidden).payment.ClinicNum == hidden
    assert refused(
        db, (head,), PatNum=head, PayAmt="5", ClinicNum=10**12, isPatientPreferred="yes"
    ) == "ClinicNum is invalid."  # fmt: skip


# Steps 9 and 10: the boolean strings


@pytest.mark.parametrize("value", ["yes", "1", "", " true", "t", "truee"])
def test_is_patient_preferred_must_be_true_or_false(db: Engine, value: str) -> None:
    head, _ = _family(db)

    assert refused(
        db, (head,), PatNum=head, PayAmt="5", isPatientPreferred=value, isPrepayment="no"
    ) == "isPatientPreferred is invalid."  # fmt: skip


@pytest.mark.parametrize("value", ["no", "0", "", "False "])
def test_is_prepayment_must_be_true_or_false(db: Engine, value: str) -> None:
    head, _ = _family(db)

    assert refused(
        db, (head,), PatNum=head, PayAmt="5", isPrepayment=value, payPlanNum=10**12
    ) == "isPrepayment is invalid."  # fmt: skip


@pytest.mark.parametrize("value", ["TRUE", "True", True])
def test_true_in_any_letter_case_or_as_a_json_boolean_is_true(db: Engine, value: object) -> None:
    head, _ = _family(db)
    procedure(db, head, "10.00", date(2024, 1, 1))

    view = post(db, PatNum=head, PayAmt="5", isPrepayment=value, isPatientPreferred=value)

    assert splits_of(db, view) == [unearned("5.00", head)]


@pytest.mark.parametrize("value", ["FALSE", "fAlSe", False])
def test_false_in_any_letter_case_or_as_a_json_boolean_is_false(db: Engine, value: object) -> None:
    head, _ = _family(db)
    proc = procedure(db, head, "10.00", date(2024, 1, 1))

    view = post(db, PatNum=head, PayAmt="5", isPrepayment=value, isPatientPreferred=value)

    assert splits_of(db, view) == [split("5.00", head, 1, ProcNum=proc)]


# Step 11: payPlanNum


def test_pay_plan_refusals_come_in_order(db: Engine) -> None:
    head, _ = _family(db)
    insurance_closed = add(db, "payplan", PatNum=head, Guarantor=head, PlanNum=4, IsClosed=1)
    closed = add(db, "payplan", PatNum=head, Guarantor=head, IsClosed=1, IsDynamic=1)
    static = add(db, "payplan", PatNum=head, Guarantor=head, IsDynamic=0)
    bad_proc = [10**12]

    assert not_found(
        db, (head,), PatNum=head, PayAmt="5", payPlanNum=10**12, procNums=bad_proc
    ) == ("PayPlan not found.")
    assert refused(
        db, (head,), PatNum=head, PayAmt="5", payPlanNum=insurance_closed, procNums=bad_proc
    ) == "PlanNum is for an Insurance Payment Plan."  # fmt: skip
    assert refused(
        db, (head,), PatNum=head, PayAmt="5", payPlanNum=closed, isPrepayment="true"
    ) == "PayPlan is closed."  # fmt: skip
    assert refused(
        db, (head,), PatNum=head, PayAmt="5", payPlanNum=static, isPrepayment="true"
    ) == "Prepayments can only be made for Dynamic Payment Plans."  # fmt: skip


def test_a_plan_of_another_family_is_accepted_without_an_ownership_check(db: Engine) -> None:
    head, _ = _family(db)
    stranger = patient(db)
    plan = add(db, "payplan", PatNum=stranger, Guarantor=stranger, IsDynamic=1)
    static = add(db, "payplan", PatNum=stranger, Guarantor=stranger, IsDynamic=0)

    prepaid = post(db, PatNum=head, PayAmt="5", payPlanNum=plan, isPrepayment="true")
    on_static = post(db, PatNum=head, PayAmt="5", payPlanNum=static)
    no_plan = post(db, PatNum=head, PayAmt="5", payPlanNum=-1)

    assert splits_of(db, prepaid) == [split("5.00", head, 0, PayPlanNum=plan, UnearnedType=308)]
    assert splits_of(db, on_static) == [unearned("5.00", head)]
    assert splits_of(db, no_plan) == [unearned("5.00", head)]


# Step 12: procNums


def test_proc_nums_are_checked_in_array_order(db: Engine) -> None:
    head, child = _family(db)
    stranger = patient(db)
    theirs = procedure(db, stranger, "10.00", date(2024, 1, 1))

    assert refused(
        db, (head, child), PatNum=head, PayAmt="5", procNums=[theirs, 10**12, 10**13]
    ) == (f"ProcNum {10**12} is invalid.")
    assert refused(db, (head, child), PatNum=head, PayAmt="5", procNums=[0]) == (
        "ProcNum 0 is invalid."
    )


def test_proc_nums_are_not_checked_at_all_for_a_prepayment(db: Engine) -> None:
    head, _ = _family(db)

    view = post(db, PatNum=head, PayAmt="5", procNums=[10**12], isPrepayment="true")

    assert splits_of(db, view) == [unearned("5.00", head)]


def test_procedures_of_other_families_and_deleted_members_are_ignored(db: Engine) -> None:
    head = patient(db)
    deleted = patient(db, head, PatStatus=4)
    stranger = patient(db)
    older = procedure(db, head, "30.00", date(2024, 1, 1))
    newer = procedure(db, head, "30.00", date(2024, 2, 1))
    of_deleted = procedure(db, deleted, "30.00", date(2024, 3, 1))
    theirs = procedure(db, stranger, "30.00", date(2024, 1, 1))

    view = post(db, PatNum=head, PayAmt="40", procNums=[theirs, of_deleted, newer, newer])

    assert splits_of(db, view) == [
        split("30.00", head, 1, ProcNum=newer),
        split("10.00", head, 1, ProcNum=older),
    ]
    assert written(db, stranger) == (0, 0, 0)


def test_a_refusal_writes_nothing_for_the_family(db: Engine) -> None:
    head, child = _family(db)
    procedure(db, child, "50.00", date(2024, 1, 1))
    post(db, PatNum=head, PayAmt="10")
    before = written(db, head, child)

    assert refused(db, (head, child), PatNum=child, PayAmt="5", procNums=[10**12]) == (
        f"ProcNum {10**12} is invalid."
    )
    assert written(db, head, child) == before == (1, 1, 1)
