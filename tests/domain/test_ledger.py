"""The family ledger: who and what is in it (allocation.md §2.0–§2.2, §2.5, §2.7) and §3's order."""

from datetime import date
from decimal import Decimal

from odpay.domain.entries import AccountEntry, EntryKind
from odpay.domain.enums import DefCat, PatientStatus, ProcStat
from odpay.domain.ledger import account_entry_sort_key
from odpay.domain.prefs import Prefs
from odpay.domain.records import Definition
from tests.domain.builders import (
    adj,
    charge,
    claimproc,
    family,
    ledger,
    money,
    owed,
    patient,
    plan,
    proc,
    split,
)

M = money


def test_every_member_counts_whatever_their_patient_status() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10, PatStatus=PatientStatus.Deleted),
        procedures=[proc(1, 11, "40")],
    )
    assert owed(ledger(fam).entries) == [("Procedure", 1, M("40"))]


def test_only_completed_procedures_are_charges_by_default() -> None:
    fam = family(
        patient(10),
        procedures=[
            proc(1, 10, "10", status=ProcStat.C),
            proc(2, 10, "20", status=ProcStat.TP),
            proc(3, 10, "30", status=ProcStat.EC),
            proc(4, 10, "40", status=ProcStat.R),
        ],
    )
    assert owed(ledger(fam).entries) == [("Procedure", 1, M("10"))]


def test_treatment_planned_procedures_join_less_their_discounts_when_prepayment_is_allowed() -> (
    None
):
    fam = family(
        patient(10),
        procedures=[
            proc(2, 10, "100", status=ProcStat.TP, Discount=M("10"), DiscountPlanAmt=M("5")),
        ],
    )
    [entry] = ledger(fam, Prefs(PrePayAllowedForTpProcs=True)).entries
    assert (entry.amount, entry.tp) == (M("85"), True)


def test_a_procedure_of_someone_else_on_a_plan_the_payer_guarantees_is_loaded() -> None:
    fam = family(
        patient(10),
        procedures=[proc(500, 99, "80", "2024-01-02")],
        payplans=[plan(7, 99, 10, IsDynamic=False)],
        payplancharges=[charge(1, 7, 99, 10, "2024-02-01", "80", ProcNum=500)],
    )
    assert owed(ledger(fam).entries) == [("Procedure", 500, M("80")), ("PlanPiece", 1, M("80"))]


def test_quantity_is_base_units_plus_unit_qty_and_at_least_one() -> None:
    fam = family(
        patient(10),
        procedures=[
            proc(1, 10, "50", "2024-01-01", BaseUnits=2, UnitQty=1),
            proc(2, 10, "50", "2024-01-02", BaseUnits=0, UnitQty=0),
        ],
    )
    assert [(e.amount, e.feeTotal) for e in ledger(fam).entries] == [
        (M("150"), M("150")),
        (M("50"), M("50")),
    ]


def test_claimprocs_of_patients_outside_the_family_do_not_lower_the_portion() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100")],
        claimprocs=[claimproc(1, 1, 99, InsPayEst="60", NoBillIns=False)],
    )
    assert owed(ledger(fam).entries) == [("Procedure", 1, M("100"))]


def test_a_claimproc_lowers_the_portion_and_is_remembered_as_ins_pay() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100")],
        claimprocs=[claimproc(1, 1, 10, InsPayEst="60")],
    )
    [entry] = ledger(fam).entries
    assert (entry.amount, entry.insPay) == (M("40"), M("60"))


def test_attached_adjustments_stay_separate_entries_until_explicit_linking() -> None:
    fam = family(
        patient(10),
        procedures=[proc(1, 10, "100", "2024-01-05")],
        adjustments=[adj(7, 10, "-30", "2024-01-05", ProcNum=1), adj(5, 10, "12", "2024-01-05")],
    )
    entries = ledger(fam).entries
    assert owed(entries) == [
        ("Procedure", 1, M("100")),
        ("Adjustment", 5, M("12")),
        ("Adjustment", 7, M("-30")),
    ]
    assert [e.ProcNum for e in entries] == [1, 0, 1]


def test_credits_are_family_splits_and_splits_on_plans_in_scope_by_date_then_split_num() -> None:
    fam = family(
        patient(10),
        patient(11, Guarantor=10),
        procedures=[proc(1, 10, "100")],
        payplans=[plan(7, 10, 10)],
        paysplits=[
            split(4, 11, "5", "2024-03-02"),
            split(3, 10, "6", "2024-03-01"),
            split(2, 99, "7", "2024-03-01", PayPlanNum=7),
            split(1, 99, "8", "2024-02-01", ProcNum=1),  # another family's money on our procedure
        ],
    )
    assert [(c.SplitNum, c.rem) for c in ledger(fam).splits] == [
        (2, M("7")),
        (3, M("6")),
        (4, M("5")),
    ]


def test_the_splits_of_the_payment_left_out_are_no_credit() -> None:
    fam = family(
        patient(10),
        paysplits=[split(1, 10, "5", PayNum=40), split(2, 10, "6", PayNum=41)],
    )
    assert [c.SplitNum for c in ledger(fam, leave_out_pay_num=40).splits] == [2]


def test_hidden_unearned_types_are_the_definitions_with_an_item_value() -> None:
    fam = family(patient(10))
    fam = type(fam)(
        payer=fam.payer,
        members=fam.members,
        definitions=(
            Definition(283, DefCat.PaySplitUnearnedType, "Prepayment"),
            Definition(299, DefCat.PaySplitUnearnedType, "TP", ItemValue="X"),
            Definition(12, DefCat.PaymentTypes, "Check", ItemValue="X"),
        ),
    )
    assert ledger(fam).hidden_types == frozenset({299})


def _entry(kind: EntryKind, on: str, pk: int, seq: int, **cols: Decimal) -> AccountEntry:
    return AccountEntry(
        kind=kind,
        date=date.fromisoformat(on),
        pk=pk,
        seq=seq,
        PatNum=1,
        ProvNum=1,
        ClinicNum=0,
        amount=M("1"),
        **cols,  # type: ignore[arg-type]
    )


def test_the_sort_key_orders_by_date_then_kind_then_piece_then_pk_then_seq() -> None:
    piece = EntryKind.PlanPiece
    entries = [
        _entry(piece, "2024-01-01", 1, 9, principal=M("50")),
        _entry(piece, "2024-01-01", 1, 8, interest=M("7")),
        _entry(piece, "2024-01-01", 2, 1, interest=M("3")),
        _entry(piece, "2024-01-01", 3, 2, principal=M("20")),
        _entry(piece, "2024-01-01", 3, 4, principal=M("20")),
        _entry(piece, "2024-01-01", 3, 3, principal=M("20")),
        _entry(EntryKind.Adjustment, "2024-01-01", 9, 1),
        _entry(EntryKind.Procedure, "2024-01-01", 20, 1),
        _entry(EntryKind.Procedure, "2024-01-01", 10, 2),
        _entry(EntryKind.Procedure, "2023-12-31", 99, 7),
    ]
    ordered = sorted(entries, key=account_entry_sort_key)
    assert [(e.kind.name, e.pk, e.seq) for e in ordered] == [
        ("Procedure", 99, 7),
        ("Procedure", 10, 2),
        ("Procedure", 20, 1),
        ("Adjustment", 9, 1),
        ("PlanPiece", 2, 1),  # interest first, smaller interest first
        ("PlanPiece", 1, 8),
        ("PlanPiece", 3, 2),  # then smaller principal, then pk, then seq
        ("PlanPiece", 3, 3),
        ("PlanPiece", 3, 4),
        ("PlanPiece", 1, 9),
    ]


def test_every_call_builds_a_fresh_ledger() -> None:
    fam = family(patient(10), procedures=[proc(1, 10, "100")], paysplits=[split(1, 10, "5")])
    first = ledger(fam)
    first.entries[0].amount = M("0")
    first.splits[0].rem = M("0")
    second = ledger(fam)
    assert (second.entries[0].amount, second.splits[0].rem) == (M("100"), M("5"))
