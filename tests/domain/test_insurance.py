"""Insurance in the ledger: patient portion (allocation.md §2.1 steps 3–5), insurance payment
plans (§2.4) and pay-as-total credits (§2.6)."""

from decimal import Decimal
from typing import Any

import pytest

from odpay.domain.entries import PayAsTotal
from odpay.domain.enums import ClaimProcStatus, ProcStat
from odpay.domain.family import Family
from odpay.domain.insurance import ins_pay, patient_portion, pay_as_totals
from odpay.domain.prefs import Prefs
from odpay.domain.records import ClaimProc
from tests.domain.builders import (
    PREFS,
    charge,
    claimproc,
    family,
    ledger,
    money,
    owed,
    patient,
    plan,
    proc,
)

M = money
S = ClaimProcStatus


def portion(
    cps: list[ClaimProc], prefs: Prefs = PREFS, **proc_cols: Any
) -> tuple[Decimal, Decimal]:
    row = proc(1, 10, "200", **proc_cols)
    return patient_portion(row, row.ProcFee, cps, prefs)


def test_no_claimprocs_means_the_patient_owes_the_fee() -> None:
    assert portion([]) == (M("200"), M("0"))


def test_claimprocs_all_marked_no_bill_ins_are_ignored() -> None:
    cps = [claimproc(1, 1, 10, InsPayEst="150", NoBillIns=True)]
    assert portion(cps) == (M("200"), M("0"))


def test_a_no_bill_ins_row_counts_once_another_row_is_billed() -> None:
    cps = [
        claimproc(1, 1, 10, InsPayEst="50", NoBillIns=True),
        claimproc(2, 1, 10, InsPayEst="30"),
    ]
    assert portion(cps) == (M("120"), M("80"))


@pytest.mark.parametrize("status", [S.NotReceived, S.Estimate, S.CapEstimate, S.InsHist])
def test_estimate_rows_count_their_estimate_and_write_off_estimate(status: S) -> None:
    cps = [claimproc(1, 1, 10, status, InsPayEst="120", WriteOffEst="30")]
    assert portion(cps) == (M("50"), M("150"))


def test_the_write_off_override_wins_and_minus_one_means_blank() -> None:
    override = [claimproc(1, 1, 10, InsPayEst="100", WriteOffEst="30", WriteOffEstOverride="10")]
    blank = [claimproc(1, 1, 10, InsPayEst="100", WriteOffEst="-1", WriteOffEstOverride="-1")]
    assert (portion(override), portion(blank)) == ((M("90"), M("110")), (M("100"), M("100")))


@pytest.mark.parametrize("status", [S.Received, S.Supplemental, S.CapComplete, S.CapClaim])
def test_paid_rows_count_insurance_paid_and_write_off(status: S) -> None:
    cps = [claimproc(1, 1, 10, status, InsPayEst="999", InsPayAmt="100", WriteOff="30")]
    assert portion(cps) == (M("70"), M("130"))


@pytest.mark.parametrize("status", [S.Preauth, S.Adjustment])
def test_preauthorizations_and_adjustment_rows_never_count(status: S) -> None:
    cps = [claimproc(1, 1, 10, status, InsPayEst="100", InsPayAmt="100", WriteOff="30")]
    assert portion(cps) == (M("200"), M("0"))


def test_balances_dont_subtract_ins_ignores_estimates_but_not_payments() -> None:
    prefs = Prefs(BalancesDontSubtractIns=True)
    cps = [
        claimproc(1, 1, 10, S.Estimate, InsPayEst="120", WriteOffEst="30"),
        claimproc(2, 1, 10, S.Received, InsPayAmt="20", WriteOff="5"),
    ]
    assert portion(cps, prefs) == (M("175"), M("25"))


def test_a_treatment_planned_procedure_is_lowered_by_both_discounts() -> None:
    assert portion([], status=ProcStat.TP, Discount=M("15"), DiscountPlanAmt=M("25")) == (
        M("160"),
        M("0"),
    )


def test_ins_pay_for_a_dynamic_plan_always_counts_estimates() -> None:
    cps = [claimproc(1, 1, 10, S.Estimate, InsPayEst="60", NoBillIns=True)]
    assert ins_pay(cps, count_estimates=True) == M("60")
    assert ins_pay(cps, count_estimates=False) == M("0")


def insurance_plan_family(*plans: object, debit: str = "200", received: bool = True) -> Family:
    status = S.Received if received else S.Estimate
    return family(
        patient(10),
        procedures=[proc(1, 10, "200", "2024-01-01"), proc(2, 10, "200", "2024-01-02")],
        claimprocs=[
            claimproc(1, 1, 10, status, InsPayEst="150", InsPayAmt="40", PayPlanNum=7),
            claimproc(2, 2, 10, status, InsPayEst="150", InsPayAmt="0", PayPlanNum=7),
        ],
        payplans=list(plans) or [plan(7, 10, 10, PlanNum=3)],
        payplancharges=[charge(1, 7, 10, 10, "2024-02-01", debit)],
    )


def test_an_insurance_payment_plan_lowers_its_procedures_up_to_their_estimate() -> None:
    # Procedure 1 owes 200 - 40 = 160 and can take 150 - 40 = 110 of the plan's 200;
    # procedure 2 could take 150 but only 90 is left.
    assert owed(ledger(insurance_plan_family()).entries) == [
        ("Procedure", 1, M("50")),
        ("Procedure", 2, M("110")),
    ]


def test_an_insurance_plan_needs_a_received_claimproc_to_know_the_estimate() -> None:
    assert owed(ledger(insurance_plan_family(received=False)).entries) == [
        ("Procedure", 1, M("50")),
        ("Procedure", 2, M("50")),
    ]


def test_a_closed_or_worthless_insurance_plan_lowers_nothing() -> None:
    closed = insurance_plan_family(plan(7, 10, 10, PlanNum=3, IsClosed=True))
    worthless = insurance_plan_family(debit="0")
    for fam in (closed, worthless):
        assert owed(ledger(fam).entries) == [("Procedure", 1, M("160")), ("Procedure", 2, M("200"))]


def test_pay_as_total_rows_are_grouped_by_claim_patient_provider_and_clinic() -> None:
    members = frozenset({10, 11})
    rows = [
        claimproc(5, 0, 10, S.Received, ClaimNum=7, ProvNum=1, InsPayAmt="60"),
        claimproc(2, 0, 11, S.Supplemental, ClaimNum=7, ProvNum=2, InsPayAmt="15"),
        claimproc(3, 0, 10, S.Received, ClaimNum=7, ProvNum=1, InsPayAmt="-10"),
        claimproc(4, 0, 10, S.Received, ClaimNum=8, ProvNum=1, InsPayAmt="-5"),  # claim worth < 0
        claimproc(6, 0, 10, S.Received, ClaimNum=9, ProvNum=1, WriteOff="5"),  # group worth 0
        claimproc(7, 0, 10, S.Estimate, ClaimNum=7, ProvNum=1, InsPayAmt="99"),  # not received
        claimproc(8, 1, 10, S.Received, ClaimNum=7, ProvNum=1, InsPayAmt="99"),  # on a procedure
        claimproc(9, 0, 99, S.Received, ClaimNum=7, ProvNum=1, InsPayAmt="99"),  # other family
    ]
    assert pay_as_totals(rows, members) == [
        PayAsTotal(ClaimNum=7, PatNum=11, ProvNum=2, ClinicNum=0, rem=M("15")),
        PayAsTotal(ClaimNum=7, PatNum=10, ProvNum=1, ClinicNum=0, rem=M("50")),
    ]


def test_an_insurance_plan_used_up_on_the_first_procedure_leaves_the_next_alone() -> None:
    # Procedure 1 takes all of the plan's 100 (it could take 110); procedure 2 keeps 200.
    assert owed(ledger(insurance_plan_family(debit="100")).entries) == [
        ("Procedure", 1, M("60")),
        ("Procedure", 2, M("200")),
    ]
