"""Explicit linking: attached money and adjustments reduce their charge in full (allocation.md §4)."""

from decimal import Decimal

from odpay.domain.entries import EntryKind
from odpay.domain.enums import ClaimProcStatus, PayPlanDebitType, ProcStat
from odpay.domain.family import Family
from odpay.domain.ledger import Ledger
from odpay.domain.linking import explicit_link
from odpay.domain.prefs import PayPlanVersions, Prefs
from tests.domain.builders import (
    PREFS,
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
P, INT = PayPlanDebitType.Principal, PayPlanDebitType.Interest


def linked(fam: Family, prefs: Prefs = PREFS) -> Ledger:
    result = ledger(fam, prefs)
    explicit_link(result, prefs)
    return result


def rems(result: Ledger) -> list[tuple[int, Decimal]]:
    return [(s.SplitNum, s.rem) for s in result.splits]


def test_4_1_adjustments_attached_to_a_procedure_of_the_same_owner_merge_into_it() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-05")],
        adjustments=[
            adj(2, 10, "-30", "2024-01-05", ProcNum=1),
            adj(3, 10, "10", "2024-01-06", ProcNum=1),
            adj(4, 10, "5", "2024-01-07", ProcNum=1, ProvNum=2),  # another provider: stays
        ],
    )
    result = linked(fam)
    assert owed(result.entries) == [
        ("Procedure", 1, M("80")),
        ("Adjustment", 2, M("0")),
        ("Adjustment", 3, M("0")),
        ("Adjustment", 4, M("5")),
    ]
    assert result.entries[0].adjusted == M("-20")


def test_4_2_attached_adjustments_without_their_procedure_offset_each_other() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-05")],
        adjustments=[
            adj(2, 10, "20", "2024-01-05", ProcNum=1, ProvNum=2),
            adj(3, 10, "-30", "2024-01-06", ProcNum=1, ProvNum=2),
            adj(4, 10, "15", "2024-01-07", ProcNum=1, ProvNum=3),  # other owner: untouched
        ],
    )
    assert owed(linked(fam).entries)[1:] == [
        ("Adjustment", 2, M("0")),
        ("Adjustment", 3, M("-10")),
        ("Adjustment", 4, M("15")),
    ]


def test_4_3_a_a_split_on_a_procedure_of_its_owner_pays_it_in_full_even_beyond() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100")],
        paysplits=[
            split(1, 10, "120", ProcNum=1),
            split(2, 10, "-15", "2024-03-02", ProcNum=1),  # a refund raises the amount again
            split(3, 10, "40", "2024-03-03", ProcNum=1, ProvNum=2),  # other provider: free money
        ],
    )
    result = linked(fam)
    assert owed(result.entries) == [("Procedure", 1, M("-5"))]
    assert result.entries[0].linkedPaid == M("105")
    assert rems(result) == [(1, M("0")), (2, M("0")), (3, M("40"))]


def plan_family(*paysplits: object, prefs_v4: bool = False) -> Family:
    """Dynamic plan 7 of patient 11, guaranteed by 10, on procedure 1 (provider 1)."""
    return family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[proc(1, 11, "300", "2024-01-05"), proc(2, 11, "50", "2024-01-06")],
        payplans=[plan(7, 11, 10)],
        payplanlinks=[link(1, 7, 1)],
        payplancharges=[
            charge(5, 7, 11, 10, "2024-02-01", "100", interest="10", LinkType=2, FKey=1),
            charge(6, 7, 11, 10, "2024-03-01", "100", LinkType=2, FKey=1),
        ],
        paysplits=list(paysplits),
    )


def pieces(result: Ledger) -> list[tuple[int, int, Decimal]]:
    return [
        (e.PayPlanChargeNum, e.PayPlanDebitType, e.amount)
        for e in result.entries
        if e.kind is EntryKind.PlanPiece
    ]


def test_4_3_b2_a_split_naming_the_charge_and_its_production_pays_that_piece() -> None:
    fam = plan_family(
        split(1, 10, "60", PayPlanNum=7, PayPlanChargeNum=6, ProcNum=1, PayPlanDebitType=P),
        split(2, 10, "25", PayPlanNum=7, PayPlanChargeNum=6, ProcNum=2),  # other production
    )
    result = linked(fam)
    assert pieces(result) == [(5, INT, M("10")), (5, P, M("100")), (6, P, M("40"))]
    # b3 then lets the split naming procedure 2 pass every piece of procedure 1 by.
    assert rems(result) == [(1, M("0")), (2, M("25"))]


def test_4_3_b3_a_split_naming_only_the_plan_pays_its_pieces_in_order() -> None:
    result = linked(plan_family(split(1, 10, "150", PayPlanNum=7)))
    assert pieces(result) == [(5, INT, M("0")), (5, P, M("0")), (6, P, M("60"))]
    assert rems(result) == [(1, M("0"))]


def test_4_3_b_plan_money_belongs_to_the_guarantor_or_to_the_patient_in_version_4() -> None:
    by_patient = Prefs(PayPlansVersion=PayPlanVersions.NoCharges)
    from_guarantor = plan_family(split(1, 10, "150", PayPlanNum=7))
    from_patient = plan_family(split(1, 11, "150", PayPlanNum=7))
    assert rems(linked(from_guarantor, by_patient)) == [(1, M("150"))]
    assert rems(linked(from_patient, by_patient)) == [(1, M("0"))]
    assert rems(linked(from_patient)) == [(1, M("150"))]


def test_4_3_b1_a_negative_plan_split_cancels_the_positive_one_for_the_same_charge_first() -> None:
    fam = plan_family(
        split(1, 10, "30", "2024-03-01", PayPlanNum=7, PayPlanChargeNum=5),
        split(2, 10, "30", "2024-03-01", PayPlanNum=7, PayPlanChargeNum=6),
        split(3, 10, "-20", "2024-03-05", PayPlanNum=7, PayPlanChargeNum=6),
    )
    result = linked(fam)
    assert rems(result) == [(1, M("0")), (2, M("0")), (3, M("0"))]
    # The -20 cancels 20 of split 2 (same charge first). Split 1 names no production, as the
    # interest piece, so it pays that 10 at charge level (b2); the 20 + 10 left pay the plan's
    # pieces in order (b3).
    assert pieces(result) == [(5, INT, M("0")), (5, P, M("70")), (6, P, M("100"))]


def test_4_3_b1_prefers_the_same_charge_then_debit_type_then_principal_then_later_money() -> None:
    def plan_split(num: int, amt: str, on: str, charge_num: int, kind: PayPlanDebitType) -> object:
        # Provider 3 has no piece, so only b1 moves money between these splits.
        return split(
            num,
            10,
            amt,
            on,
            ProvNum=3,
            PayPlanNum=7,
            PayPlanChargeNum=charge_num,
            PayPlanDebitType=kind,
        )

    same_charge = plan_family(
        plan_split(1, "30", "2024-03-01", 5, INT),
        plan_split(2, "30", "2024-03-01", 6, P),
        plan_split(3, "30", "2024-03-04", 6, INT),
        plan_split(4, "-40", "2024-03-05", 6, INT),
    )
    assert rems(linked(same_charge)) == [(1, M("30")), (2, M("20")), (3, M("0")), (4, M("0"))]
    later = plan_family(
        plan_split(1, "30", "2024-03-01", 5, INT),
        plan_split(2, "30", "2024-03-02", 5, P),
        plan_split(3, "30", "2024-03-03", 5, P),
        plan_split(4, "-10", "2024-03-05", 6, P),
    )
    assert rems(linked(later)) == [(1, M("30")), (2, M("30")), (3, M("20")), (4, M("0"))]


def test_4_3_c_a_split_on_an_adjustment_or_on_the_procedure_it_is_attached_to_pays_it() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "500", status=ProcStat.TP)],  # not in the ledger
        adjustments=[adj(2, 10, "40", ProcNum=1), adj(3, 10, "30")],
        paysplits=[
            split(1, 10, "25", ProcNum=1),
            split(2, 10, "50", "2024-03-02", AdjNum=3),
            split(3, 10, "9", "2024-03-03", AdjNum=3, ProvNum=2),  # another provider: free
        ],
    )
    result = linked(fam)
    assert owed(result.entries) == [("Adjustment", 2, M("15")), ("Adjustment", 3, M("-20"))]
    assert rems(result) == [(1, M("0")), (2, M("0")), (3, M("9"))]


def overpaid(code: str = "D0120") -> Family:
    return family(
        patient(10),
        procedures=[proc(1, 10, "100", ProcCode=code)],
        claimprocs=[claimproc(1, 1, 10, ClaimProcStatus.Received, InsPayAmt="130")],
        paysplits=[split(1, 10, "10", ProcNum=1)],
    )


def test_4_4_insurance_beyond_the_fee_leaves_only_the_patients_own_money_free() -> None:
    assert owed(linked(overpaid()).entries) == [("Procedure", 1, M("-10"))]


def test_4_4_a_zzzfix_procedure_keeps_all_of_its_overpayment() -> None:
    assert owed(linked(overpaid("ZZZFIX")).entries) == [("Procedure", 1, M("-40"))]


def unattached() -> Family:
    return family(
        patient(10),
        adjustments=[
            adj(1, 10, "50", "2024-01-01"),
            adj(2, 10, "-20", "2024-01-02"),
            adj(3, 10, "-40", "2024-01-03"),
            adj(4, 10, "-5", "2024-01-04", ProvNum=2),  # another provider: untouched
        ],
    )


def test_4_5_unattached_adjustments_of_one_owner_offset_each_other() -> None:
    assert [a for _, _, a in owed(linked(unattached()).entries)] == [
        M("0"),
        M("0"),
        M("-10"),
        M("-5"),
    ]


def test_4_5_unattached_adjustments_stay_apart_when_the_preference_is_off() -> None:
    prefs = Prefs(AdjustmentsOffsetEachOther=False)
    assert [a for _, _, a in owed(linked(unattached(), prefs).entries)] == [
        M("50"),
        M("-20"),
        M("-40"),
        M("-5"),
    ]


def test_a_split_of_zero_links_to_nothing() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-05")],
        paysplits=[split(1, 10, "0"), split(2, 10, "30", ProcNum=1)],
    )
    assert owed(linked(fam).entries) == [("Procedure", 1, M("70"))]
