"""Patient payment plans in the ledger: scope, credits, outside production, debits, offsets,
future charges (allocation.md §2.3.1–§2.3.5, §2.3.7)."""

from decimal import Decimal

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.prefs import Prefs
from odpay.domain.records import ClaimProcStatus, PayPlanLinkType, ProcStat
from tests.domain.builders import (
    adj,
    charge,
    claimproc,
    family,
    ledger,
    link,
    money,
    owed,
    patient,
    plan,
    proc,
    split,
)

M = money
ADJ = PayPlanLinkType.Adjustment


def pieces(entries: list[AccountEntry]) -> list[tuple[int, str, Decimal, int, int, int]]:
    """Plan pieces as (charge, debit type, amount, ProvNum, ProcNum, AdjNum)."""
    return [
        (e.PayPlanChargeNum, e.PayPlanDebitType.name, e.amount, e.ProvNum, e.ProcNum, e.AdjNum)  # type: ignore[attr-defined]
        for e in entries
        if e.kind is EntryKind.PlanPiece
    ]


def amount_of(entries: list[AccountEntry], kind: EntryKind, pk: int) -> Decimal:
    return next(e.amount for e in entries if e.kind is kind and e.pk == pk)


def test_plans_in_scope_are_the_familys_and_those_the_payer_guarantees() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        payplans=[
            plan(1, 11, 11),
            plan(2, 99, 10),  # someone else's plan, guaranteed by the payer
            plan(3, 98, 11),  # someone else's plan, guaranteed by another member: out
            plan(4, 10, 10, PlanNum=5),  # an insurance plan gives no pieces
            plan(6, 10, 10, IsClosed=True),  # closed plans still count
        ],
        payplancharges=[
            charge(n, n, 10, 10, "2024-02-01", "10", ProvNum=n) for n in (1, 2, 3, 4, 6)
        ],
    )
    assert [p[0] for p in pieces(ledger(fam).entries)] == [1, 2, 6]


def test_a_static_credit_takes_its_procedure_with_its_positive_attached_adjustments() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-05", ProvNum=2)],
        adjustments=[adj(3, 10, "20", "2024-01-05", ProvNum=2, ProcNum=1)],
        payplans=[plan(7, 10, 10, IsDynamic=False)],
        payplancharges=[
            charge(1, 7, 10, 10, "2024-01-06", "120", credit=True, ProcNum=1, ProvNum=5),
            charge(2, 7, 10, 10, "2024-02-01", "60", ProvNum=5),
            charge(3, 7, 10, 10, "2024-03-01", "60", ProvNum=5),
        ],
    )
    entries = ledger(fam).entries
    assert owed([e for e in entries if e.kind is not EntryKind.PlanPiece]) == [
        ("Procedure", 1, M("0")),
        ("Adjustment", 3, M("0")),
    ]
    assert pieces(entries) == [
        (2, "Principal", M("60"), 2, 1, 0),
        (3, "Principal", M("60"), 2, 1, 0),
    ]


def dynamic_family(*rows: object, override: str = "0", **extra: list[object]) -> object:
    return family(
        patient(10),
        procedures=[proc(1, 10, "200", "2024-01-05")],
        payplans=[plan(7, 10, 10, IsDynamic=True)],
        payplanlinks=[link(1, 7, 1, override=override)],
        payplancharges=[charge(5, 7, 10, 10, "2024-02-01", "100", LinkType=2, FKey=1)],
        **extra,
    )


def test_a_dynamic_credit_is_the_procedure_after_all_insurance_adjustments_and_payments() -> None:
    fam = dynamic_family(
        claimprocs=[claimproc(1, 1, 99, ClaimProcStatus.Estimate, InsPayEst="50")],
        adjustments=[adj(3, 10, "-20", "2024-01-05", ProcNum=1)],
        paysplits=[split(1, 10, "30", ProcNum=1)],
    )
    # V = 200 - 50 (any patient's claimproc) - 20 - 30 = 100; the portion ignores the claimproc
    # of a patient outside the family, so the procedure keeps 200 - 100.
    assert amount_of(ledger(fam).entries, EntryKind.Procedure, 1) == M("100")


def test_an_amount_override_replaces_the_dynamic_credit_value() -> None:
    assert amount_of(ledger(dynamic_family(override="40")).entries, EntryKind.Procedure, 1) == M(
        "160"
    )


def test_a_dynamic_credit_of_zero_or_less_takes_nothing() -> None:
    fam = dynamic_family(paysplits=[split(1, 10, "250", ProcNum=1)])
    assert amount_of(ledger(fam).entries, EntryKind.Procedure, 1) == M("200")


def test_a_treatment_planned_procedures_credit_is_less_its_discount() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", status=ProcStat.TP, Discount=M("10"))],
        payplans=[plan(7, 10, 10, IsDynamic=True, DynamicPayPlanTPOption=2)],
        payplanlinks=[link(1, 7, 1)],
        paysplits=[split(1, 10, "30", ProcNum=1, UnearnedType=299)],
    )
    # Portion 100 - 10 = 90; V = 100 - 10 - 30 = 60.
    entries = ledger(fam, Prefs(PrePayAllowedForTpProcs=True)).entries
    assert amount_of(entries, EntryKind.Procedure, 1) == M("30")


def test_an_adjustment_credit_counts_payments_made_until_the_link_was_entered() -> None:
    fam = family(
        patient(10),
        adjustments=[adj(3, 10, "50", "2024-01-05")],
        payplans=[plan(7, 10, 10)],
        payplanlinks=[link(1, 7, 3, ADJ, entered="2024-03-01 10:00:00")],
        paysplits=[split(1, 10, "10", "2024-03-01", AdjNum=3), split(2, 10, "5", "2024-03-02", AdjNum=3)],
    )
    assert amount_of(ledger(fam).entries, EntryKind.Adjustment, 3) == M("10")


def test_a_negative_adjustment_credit_brings_the_adjustment_to_zero() -> None:
    fam = family(
        patient(10),
        adjustments=[adj(3, 10, "-30", "2024-01-05")],
        payplans=[plan(7, 10, 10)],
        payplanlinks=[link(1, 7, 3, ADJ)],
    )
    assert amount_of(ledger(fam).entries, EntryKind.Adjustment, 3) == M("0")


def outside_family(*plan_rows: object, **rows: list[object]) -> object:
    """Payer 10 guarantees plan 7 of patient 99, who is not in the family (§2.3.3)."""
    return family(patient(10), payplans=[plan(7, 99, 10, **plan_rows[0])], **rows)  # type: ignore[arg-type]


def test_outside_production_on_a_static_plan_counts_only_up_to_its_credits() -> None:
    fam = outside_family(
        {"IsDynamic": False},
        procedures=[proc(500, 99, "300")],
        payplancharges=[charge(1, 7, 99, 10, "2024-01-06", "100", credit=True, ProcNum=500)],
    )
    # Capped at 100 first, then the credit takes those 100: nothing of it stays payable.
    assert amount_of(ledger(fam).entries, EntryKind.Procedure, 500) == M("0")


def test_outside_production_with_an_override_counts_only_up_to_the_override() -> None:
    fam = outside_family(
        {"IsDynamic": True},
        procedures=[proc(500, 99, "300", status=ProcStat.EC)],  # any status is loaded
        adjustments=[adj(4, 99, "80", "2024-01-05"), adj(5, 99, "25", "2024-01-05", ProcNum=500)],
        payplanlinks=[link(1, 7, 500, override="120"), link(2, 7, 4, ADJ, override="30")],
        claimprocs=[claimproc(1, 500, 99, ClaimProcStatus.Estimate, InsPayEst="10")],
    )
    entries = ledger(fam).entries
    # Portion 290 (the outside claimproc is loaded), capped at 120; the attached +25 then moves
    # in (145) and the credit takes its 120.
    assert owed(entries) == [
        ("Procedure", 500, M("25")),
        ("Adjustment", 4, M("0")),
        ("Adjustment", 5, M("0")),  # attached, positive: moved into the procedure
    ]


def test_debits_give_a_principal_and_an_interest_piece() -> None:
    fam = family(
        patient(10),
        adjustments=[adj(3, 10, "40", "2024-01-05", ProvNum=2)],
        payplans=[plan(7, 10, 10)],
        payplancharges=[
            charge(1, 7, 10, 10, "2024-02-01", "30", interest="4", LinkType=1, FKey=3),
            charge(2, 7, 10, 10, "2024-03-01", "0", interest="3"),
        ],
    )
    # Interest first on a date; the adjustment link is missing, so the debit keeps its own owner.
    assert pieces(ledger(fam).entries) == [
        (1, "Interest", M("4"), 1, 0, 0),
        (1, "Principal", M("30"), 1, 0, 3),
        (2, "Interest", M("3"), 1, 0, 0),
    ]


def test_an_offsetting_debit_cancels_debits_of_the_same_production() -> None:
    fam = family(
        patient(10),
        payplans=[plan(7, 10, 10)],
        payplancharges=[
            charge(1, 7, 10, 10, "2024-02-01", "100", LinkType=2, FKey=1),
            charge(2, 7, 10, 10, "2024-02-01", "30", LinkType=2, FKey=2),
            charge(3, 7, 10, 10, "2024-03-01", "-40", LinkType=2, FKey=1, IsOffset=True),
        ],
    )
    assert pieces(ledger(fam).entries) == [
        (2, "Principal", M("30"), 1, 2, 0),
        (1, "Principal", M("60"), 1, 1, 0),
        (3, "Principal", M("0"), 1, 1, 0),
    ]


def test_pieces_dated_after_today_owe_nothing_yet() -> None:
    fam = family(
        patient(10),
        payplans=[plan(7, 10, 10)],
        payplancharges=[
            charge(1, 7, 10, 10, "2024-06-15", "10"),
            charge(2, 7, 10, 10, "2024-06-16", "10", interest="2"),
        ],
    )
    assert [p[2] for p in pieces(ledger(fam).entries)] == [M("10"), M("0"), M("0")]
