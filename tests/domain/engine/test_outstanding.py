"""What a charge still owes (allocation.md §10) and the linked ledger balances read."""

import pytest

from odpay.domain.enums import PayPlanDebitType, ProcStat
from odpay.domain.family import Family
from odpay.domain.outstanding import linked_ledger, outstanding, partial_splits
from odpay.domain.prefs import Prefs
from tests.domain.builders import (
    PREFS,
    TODAY,
    adj,
    charge,
    d,
    family,
    link,
    money,
    new,
    owed,
    patient,
    plan,
    proc,
    split,
)

M = money
INT, P = PayPlanDebitType.Interest, PayPlanDebitType.Principal


def partial_family() -> Family:
    return family(
        patient(10),
        procedures=[
            proc(1, 10, "100", "2024-01-01"),
            proc(2, 10, "60", "2024-01-02", status=ProcStat.TP),
            proc(3, 10, "200", "2024-01-03"),
        ],
        adjustments=[adj(4, 10, "-20", "2024-01-01", ProcNum=1)],
        payplans=[plan(7, 10, 10)],
        payplanlinks=[link(1, 7, 3)],
        payplancharges=[
            charge(5, 7, 10, 10, "2024-02-01", "100", interest="8", LinkType=2, FKey=3),
            charge(6, 7, 10, 10, "2024-07-01", "100", LinkType=2, FKey=3),
        ],
        paysplits=[
            split(1, 10, "30", "2024-03-01", PayNum=40, ProcNum=1),
            split(2, 10, "50", "2024-03-01", PayNum=41, ProcNum=1),
            split(3, 10, "999", "2024-03-01", PayNum=42),  # unattached: only implicit linking
        ],
    )


def test_10_outstanding_is_the_explicitly_linked_amount_without_the_payments_own_splits() -> None:
    owed_now = outstanding(partial_family(), PREFS, TODAY, leave_out_pay_num=41)
    # Procedure 1: 100 - 20 (attached) - 30 (payment 40); procedure 3 is paid through the plan.
    assert dict(owed_now.procedures) == {1: M("50"), 3: M("0")}
    assert dict(owed_now.charges) == {5: M("108"), 6: M("0")}


def test_10_a_procedure_or_charge_outside_the_ledger_owes_nothing() -> None:
    owed_now = outstanding(partial_family(), PREFS, TODAY)
    assert (owed_now.procedure(2), owed_now.procedure(12345), owed_now.charge(6)) == (
        M("0"),
        M("0"),
        M("0"),
    )
    with_tp = outstanding(partial_family(), Prefs(PrePayAllowedForTpProcs=True), TODAY)
    assert with_tp.procedure(2) == M("60")


def test_10_a_charge_owes_only_its_pieces_above_zero() -> None:
    fam = family(
        patient(10),
        payplans=[plan(7, 10, 10)],
        payplancharges=[
            charge(5, 7, 10, 10, "2024-02-01", "40", interest="6"),
            charge(6, 7, 10, 10, "2024-02-01", "-10", IsOffset=True, LinkType=1, FKey=9),
        ],
        paysplits=[split(1, 10, "10", PayPlanNum=7, PayPlanChargeNum=5, PayPlanDebitType=INT)],
    )
    owed_now = outstanding(fam, PREFS, TODAY)
    assert dict(owed_now.charges) == {5: M("36"), 6: M("0")}


def test_10_new_splits_pay_procedures_first_then_spread_a_charge_over_its_pieces() -> None:
    splits = partial_splits(
        partial_family(),
        PREFS,
        TODAY,
        pay_date=d("2024-05-01"),
        leave_out_pay_num=41,
        procedures=[(1, M("20"))],
        charges=[(5, M("50"))],
    )
    on = d("2024-05-01")
    assert splits == [
        new("20.00", 10, on=on, ProvNum=1, ProcNum=1),
        new("8.00", 10, on=on, ProvNum=1, PayPlanNum=7, PayPlanChargeNum=5, PayPlanDebitType=INT),
        new(
            "42.00",
            10,
            on=on,
            ProvNum=1,
            ProcNum=3,
            PayPlanNum=7,
            PayPlanChargeNum=5,
            PayPlanDebitType=P,
        ),
    ]


def test_10_an_amount_no_entry_can_take_is_refused() -> None:
    fam = partial_family()
    with pytest.raises(ValueError, match="ProcNum 2 has no ledger entry"):
        partial_splits(fam, PREFS, TODAY, TODAY, 0, [(2, M("1"))], [])
    with pytest.raises(ValueError, match=r"PayPlanChargeNum 6 owes less than 1\.00"):
        partial_splits(fam, PREFS, TODAY, TODAY, 0, [], [(6, M("1"))])


def test_the_linked_ledger_applies_free_credit_too() -> None:
    entries = linked_ledger(partial_family(), PREFS, TODAY)
    # The 999 of unattached money pays everything due, oldest first; the rest stays unearned.
    assert owed(entries) == [
        ("Procedure", 1, M("0")),
        ("Adjustment", 4, M("0")),
        ("Procedure", 3, M("0")),
        ("PlanPiece", 5, M("0")),
        ("PlanPiece", 5, M("0")),
        ("PlanPiece", 6, M("0")),
    ]


def test_the_linked_ledger_is_fresh_on_every_call() -> None:
    fam = family(patient(10), procedures=[proc(1, 10, "100")])
    first = linked_ledger(fam, PREFS, TODAY)
    first[0].amount = M("1")
    assert linked_ledger(fam, PREFS, TODAY)[0].amount == M("100")
