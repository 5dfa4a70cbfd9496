"""The raw credits of patient payment plans (allocation.md §2.3.2): what each plan takes out of
its procedures and adjustments."""

from collections.abc import Sequence

from odpay.domain.entries import EntryKind
from odpay.domain.enums import ClaimProcStatus, PayPlanLinkType, ProcStat
from odpay.domain.family import Family
from odpay.domain.prefs import Prefs
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
    split,
)

M = money
ADJ = PayPlanLinkType.Adjustment


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


def dynamic_family(*rows: object, override: str = "0", **extra: Sequence[object]) -> Family:
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
        paysplits=[
            split(1, 10, "10", "2024-03-01", AdjNum=3),
            split(2, 10, "5", "2024-03-02", AdjNum=3),
        ],
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


def test_links_to_production_outside_the_family_and_ortho_cases_take_nothing() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "200", "2024-01-05")],
        payplans=[plan(7, 10, 10, IsDynamic=True)],
        payplanlinks=[
            link(1, 7, 1, override="40"),
            link(2, 7, 404, override="50"),  # a procedure of another family (or deleted)
            link(3, 7, 405, ADJ, override="50"),  # an adjustment of another family
            link(4, 7, 1, PayPlanLinkType.OrthoCase, override="50"),  # ortho case 1
        ],
        payplancharges=[charge(5, 7, 10, 10, "2024-02-01", "100", LinkType=2, FKey=1)],
    )
    assert amount_of(ledger(fam).entries, EntryKind.Procedure, 1) == M("160")


def test_an_adjustment_paid_in_full_before_its_link_brings_a_credit_that_takes_nothing() -> None:
    fam = family(
        patient(10),
        adjustments=[adj(3, 10, "50", "2024-01-05")],
        payplans=[plan(7, 10, 10)],
        payplanlinks=[link(1, 7, 3, ADJ, entered="2024-03-01 10:00:00")],
        paysplits=[split(1, 10, "50", "2024-02-01", AdjNum=3)],
    )
    entries = ledger(fam).entries
    # Credit 50 - 50 = 0: the adjustment keeps its 50, which the split then pays (§4).
    assert amount_of(entries, EntryKind.Adjustment, 3) == M("50")
    assert pieces(entries) == []
