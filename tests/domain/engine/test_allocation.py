"""Auto-split: pay-first (allocation.md §5), FIFO and the overpayment (§7), finalisation and
single splits (§8), and the columns of each kind of split (§9)."""

from collections.abc import Sequence

from odpay.domain.enums import PayPlanDebitType, ProcStat
from odpay.domain.family import Family
from odpay.domain.prefs import PayPlanVersions, Prefs, RigorousAccounting
from odpay.domain.records import Provider
from tests.domain.builders import (
    adj,
    charge,
    d,
    family,
    link,
    new,
    patient,
    pay,
    plan,
    proc,
    split,
    unearned,
)

MANUAL = Prefs(RigorousAccounting=RigorousAccounting.DontEnforce)
CLINICS = Prefs(EasyNoClinics=False)
TP_ALLOWED = Prefs(PrePayAllowedForTpProcs=True)
PRINCIPAL = PayPlanDebitType.Principal


def three_procedures(**extra: Sequence[object]) -> Family:
    return family(
        patient(50),
        procedures=[
            proc(90, 50, "80", "2024-01-05"),
            proc(91, 50, "120", "2024-03-05"),
            proc(92, 50, "60", "2024-04-05"),
        ],
        **extra,
    )


def test_5_pay_first_follows_the_ledger_not_the_order_of_proc_nums() -> None:
    assert pay(three_procedures(), "150", procNums=(92, 91)) == [
        new("120.00", 50, ProvNum=1, ProcNum=91),
        new("30.00", 50, ProvNum=1, ProcNum=92),
    ]


def test_5_pay_first_can_pay_a_treatment_planned_procedure_in_the_ledger() -> None:
    fam = family(patient(50), procedures=[proc(95, 50, "70", status=ProcStat.TP)])
    assert pay(fam, "100", TP_ALLOWED, procNums=(95,)) == [
        new("70.00", 50, ProvNum=1, ProcNum=95),
        unearned("30.00", 50),
    ]


def test_5_pay_first_skips_procedures_that_owe_nothing_and_takes_no_negative_money() -> None:
    fam = three_procedures(paysplits=[split(1, 50, "120", ProcNum=91)])
    assert pay(fam, "50", procNums=(91,)) == [new("50.00", 50, ProvNum=1, ProcNum=90)]
    assert pay(three_procedures(), "-10", procNums=(91,)) == [unearned("-10.00", 50)]


def test_7_treatment_planned_procedures_get_nothing_without_pay_first() -> None:
    fam = family(
        patient(50),
        procedures=[proc(95, 50, "70", "2024-01-01", status=ProcStat.TP), proc(96, 50, "20")],
    )
    assert pay(fam, "100", TP_ALLOWED) == [
        new("20.00", 50, ProvNum=1, ProcNum=96),
        unearned("80.00", 50),
    ]


def test_7_pay_plan_num_keeps_only_that_plans_due_pieces() -> None:
    fam = family(
        patient(60),
        procedures=[proc(100, 60, "40", "2024-01-01"), proc(110, 60, "300", "2024-01-15")],
        payplans=[plan(5, 60, 60), plan(6, 60, 60)],
        payplanlinks=[link(1, 5, 110)],
        payplancharges=[
            charge(501, 5, 60, 60, "2024-05-01", "100", LinkType=2, FKey=110),
            charge(601, 6, 60, 60, "2024-04-01", "25"),
        ],
    )
    assert pay(fam, "150", payPlanNum=5, payPlanIsDynamic=True) == [
        new(
            "100.00",
            60,
            ProvNum=1,
            ProcNum=110,
            PayPlanNum=5,
            PayPlanChargeNum=501,
            PayPlanDebitType=PRINCIPAL,
        ),
        unearned("50.00", 60),
    ]


def test_7_preferred_then_proc_nums_decide_the_order_of_what_is_left() -> None:
    fam = family(
        patient(50),
        patient(51, Guarantor=50),
        procedures=[
            proc(1, 51, "10", "2024-01-01"),
            proc(2, 50, "10", "2024-01-02"),
            proc(3, 51, "10", "2024-01-03"),
            proc(4, 50, "10", "2024-01-04"),
        ],
    )
    # Manual mode would stop after pay-first; here pay-first takes procedure 3 (10 of 40) and
    # auto-split then runs payer first: 2, 4, then the relative's 1.
    assert pay(fam, "40", isPatientPreferred=True, procNums=(3,)) == [
        new("10.00", 51, ProvNum=1, ProcNum=3),
        new("10.00", 50, ProvNum=1, ProcNum=2),
        new("10.00", 50, ProvNum=1, ProcNum=4),
        new("10.00", 51, ProvNum=1, ProcNum=1),
    ]


def test_7_a_negative_payment_with_nothing_owed_is_the_overpayment_split() -> None:
    fam = family(patient(70, ClinicNum=3))
    assert pay(fam, "-25", ClinicNum=3) == [unearned("-25.00", 70)]
    assert pay(fam, "-25", CLINICS, ClinicNum=3) == [unearned("-25.00", 70, ClinicNum=3)]


def test_7_the_overpayment_split_carries_the_payment_clinic_only_with_clinics_enabled() -> None:
    fam = family(patient(70), procedures=[proc(1, 70, "10", ClinicNum=2)])
    assert pay(fam, "25", ClinicNum=3) == [
        new("10.00", 70, ProvNum=1, ClinicNum=2, ProcNum=1),
        unearned("15.00", 70),
    ]
    assert pay(fam, "25", CLINICS, ClinicNum=3) == [
        new("10.00", 70, ProvNum=1, ClinicNum=2, ProcNum=1),
        unearned("15.00", 70, ClinicNum=3),
    ]


def test_8_a_single_split_carries_the_payment_clinic_even_with_clinics_disabled() -> None:
    fam = family(patient(70), procedures=[proc(1, 70, "10")])
    assert pay(fam, "-5", ClinicNum=3) == [unearned("-5.00", 70, ClinicNum=3)]
    assert pay(fam, "5", MANUAL, ClinicNum=3) == [new("5.00", 70, ProvNum=1, ClinicNum=3)]


def test_8_a_prepayment_is_one_split_whatever_is_owed_or_chosen() -> None:
    fam = three_procedures()
    assert pay(fam, "100", isPrepayment=True, procNums=(91,)) == [unearned("100.00", 50)]
    assert pay(fam, "100", MANUAL, isPrepayment=True) == [new("100.00", 50, ProvNum=1)]


def test_8_a_prepayment_names_only_a_dynamic_plan() -> None:
    fam = three_procedures()
    static = pay(fam, "100", isPrepayment=True, payPlanNum=5, payPlanIsDynamic=False)
    assert static == [unearned("100.00", 50)]
    dynamic = pay(fam, "100", MANUAL, isPrepayment=True, payPlanNum=5, payPlanIsDynamic=True)
    assert dynamic == [new("100.00", 50, ProvNum=1, PayPlanNum=5, UnearnedType=308)]


def test_8_6_manual_mode_falls_back_to_the_first_visible_provider() -> None:
    fam = family(patient(80, PriProv=0))
    fam = Family(
        payer=fam.payer,
        members=fam.members,
        providers=(
            Provider(ProvNum=2, ItemOrder=1, IsHidden=True),
            Provider(ProvNum=7, ItemOrder=2),
            Provider(ProvNum=5, ItemOrder=2),
        ),
    )
    assert pay(fam, "10", Prefs(RigorousAccounting=2, PracticeDefaultProv=0)) == [
        new("10.00", 80, ProvNum=5)
    ]
    alone = Family(payer=fam.payer, members=fam.members)
    assert pay(alone, "10", Prefs(RigorousAccounting=2, PracticeDefaultProv=0)) == [
        new("10.00", 80)
    ]


def test_9_an_adjustment_split_never_names_the_procedure_it_is_attached_to() -> None:
    fam = family(
        patient(30),
        procedures=[proc(60, 30, "150", status=ProcStat.TP)],
        adjustments=[adj(61, 30, "25", ProcNum=60)],
    )
    assert pay(fam, "25") == [new("25.00", 30, ProvNum=1, AdjNum=61)]


def plan_of_a_child() -> Family:
    return family(
        patient(60),
        patient(61, Guarantor=60),
        payplans=[plan(5, 61, 60)],
        payplancharges=[charge(501, 5, 61, 60, "2024-05-01", "100", interest="5", ProvNum=3)],
    )


def test_9_plan_splits_go_to_the_guarantor_interest_first() -> None:
    interest = PayPlanDebitType.Interest
    assert pay(plan_of_a_child(), "50") == [
        new("5.00", 60, ProvNum=3, PayPlanNum=5, PayPlanChargeNum=501, PayPlanDebitType=interest),
        new("45.00", 60, ProvNum=3, PayPlanNum=5, PayPlanChargeNum=501, PayPlanDebitType=PRINCIPAL),
    ]


def test_9_plan_splits_go_to_the_patient_with_pay_plans_version_4() -> None:
    prefs = Prefs(PayPlansVersion=PayPlanVersions.NoCharges)
    interest = PayPlanDebitType.Interest
    assert pay(plan_of_a_child(), "5", prefs) == [
        new("5.00", 61, ProvNum=3, PayPlanNum=5, PayPlanChargeNum=501, PayPlanDebitType=interest),
    ]


def test_9_every_split_is_dated_with_the_pay_date() -> None:
    on = d("2024-06-01")
    assert pay(three_procedures(), "300", on=on) == [
        new("80.00", 50, on=on, ProvNum=1, ProcNum=90),
        new("120.00", 50, on=on, ProvNum=1, ProcNum=91),
        new("60.00", 50, on=on, ProvNum=1, ProcNum=92),
        unearned("40.00", 50, on=on),
    ]


def test_an_unearned_split_uses_the_prepayment_unearned_type_preference() -> None:
    assert pay(family(patient(50)), "5", Prefs(PrepaymentUnearnedType=7)) == [
        new("5.00", 50, UnearnedType=7)
    ]
