"""Patient payment plans in the ledger: scope, credits, outside production, debits, offsets,
future charges (allocation.md §2.3.1–§2.3.5, §2.3.7)."""

from collections.abc import Sequence

from odpay.domain.entries import EntryKind
from odpay.domain.enums import ClaimProcStatus, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from tests.domain.builders import (
    adj,
    amount_of,
    charge,
    claimproc,
    family,
    ledger,
    link,
    money,
    owed,
    patient,
    pieces,
    plan,
    proc,
)

M = money
ADJ = PayPlanLinkType.Adjustment


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


def outside_family(*plan_rows: object, **rows: Sequence[object]) -> Family:
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


def test_an_ortho_case_link_brings_no_outside_production_into_the_account() -> None:
    def linked_as(kind: PayPlanLinkType) -> Family:
        return outside_family(
            {"IsDynamic": True},
            procedures=[proc(500, 99, "300")],
            payplanlinks=[link(1, 7, 500, kind, override="120")],
        )

    # The same key as a procedure link: capped at 120, which the plan's credit then takes.
    assert owed(ledger(linked_as(PayPlanLinkType.Procedure)).entries) == [
        ("Procedure", 500, M("0"))
    ]
    assert owed(ledger(linked_as(PayPlanLinkType.OrthoCase)).entries) == []
