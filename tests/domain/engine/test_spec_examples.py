"""allocation.md §13 worked examples A–L (every variant) and the §10 Partial example.

Set-up as in §13: blank practice, today 2024-06-15, clinics disabled, patients' PriProv 1.
Each test asserts the whole split list, every NewSplit field.
"""

from collections.abc import Sequence

from odpay.domain.enums import ClaimProcStatus, PayPlanDebitType
from odpay.domain.family import Family
from odpay.domain.outstanding import outstanding, partial_splits
from odpay.domain.prefs import Prefs, RigorousAccounting
from odpay.domain.records import PayPlanCharge, PaySplit
from tests.domain.builders import (
    DPP_UNEARNED,
    PREFS,
    TODAY,
    adj,
    as_paid,
    charge,
    claimproc,
    d,
    family,
    link,
    money,
    new,
    patient,
    pay,
    plan,
    proc,
    split,
    unearned,
)

MANUAL = Prefs(RigorousAccounting=RigorousAccounting.DontEnforce)
PRINCIPAL = PayPlanDebitType.Principal


def example_a(**extra: Sequence[object]) -> Family:
    g, c = patient(10), patient(11, Guarantor=10)
    return family(
        g,
        c,
        procedures=[
            proc(101, 11, "100", "2024-01-05", ProvNum=2),
            proc(102, 10, "80", "2024-02-01"),
        ],
        adjustments=[adj(201, 10, "20", "2024-01-20", ProvNum=1)],
        **extra,
    )


def test_a_fifo_across_a_family() -> None:
    assert pay(example_a(), "250") == [
        new("100.00", 11, ProvNum=2, ProcNum=101),
        new("20.00", 10, ProvNum=1, AdjNum=201),
        new("80.00", 10, ProvNum=1, ProcNum=102),
        unearned("50.00", 10),
    ]


def test_a_patient_preferred_pays_the_payers_charges_first() -> None:
    assert pay(example_a(), "90", isPatientPreferred=True) == [
        new("20.00", 10, ProvNum=1, AdjNum=201),
        new("70.00", 10, ProvNum=1, ProcNum=102),
    ]


def test_b_old_unattached_money_is_linked_implicitly() -> None:
    old = [split(1, 10, "60", "2024-03-01", ProvNum=1)]
    first = pay(example_a(paysplits=old), "100")
    assert first == [new("100.00", 11, ProvNum=2, ProcNum=101)]

    second = pay(example_a(paysplits=old + as_paid(first, PayNum=2, first_split_num=2)), "100")
    assert second == [new("40.00", 10, ProvNum=1, ProcNum=102), unearned("60.00", 10)]


def test_c_patient_portion_while_pending_and_once_received() -> None:
    pending = claimproc(1, 120, 20, ClaimProcStatus.Estimate, InsPayEst="120", WriteOffEst="30")
    received = claimproc(
        1, 120, 20, ClaimProcStatus.Received, InsPayEst="120", InsPayAmt="100", WriteOff="30"
    )
    for row, portion in ((pending, "50.00"), (received, "70.00")):
        fam = family(patient(20), procedures=[proc(120, 20, "200")], claimprocs=[row])
        assert outstanding(fam, PREFS, TODAY).procedure(120) == money(portion)


def example_d(status: ClaimProcStatus, paysplits: Sequence[PaySplit] = ()) -> Family:
    if status == ClaimProcStatus.Estimate:
        row = claimproc(1, 120, 20, status, InsPayEst="120", WriteOffEst="30")
    else:
        row = claimproc(1, 120, 20, status, InsPayEst="120", InsPayAmt="100", WriteOff="30")
    return family(
        patient(20),
        procedures=[proc(120, 20, "200", "2024-03-01")],
        claimprocs=[row],
        paysplits=list(paysplits),
    )


def test_d_insurance_estimate_then_the_received_claim() -> None:
    first = pay(example_d(ClaimProcStatus.Estimate), "50")
    assert first == [new("50.00", 20, ProvNum=1, ProcNum=120)]

    received = example_d(ClaimProcStatus.Received, as_paid(first, PayNum=1, first_split_num=1))
    assert pay(received, "30") == [new("20.00", 20, ProvNum=1, ProcNum=120), unearned("10.00", 20)]


def test_d_balances_dont_subtract_ins_sees_the_whole_fee_owed() -> None:
    prefs = Prefs(BalancesDontSubtractIns=True)
    assert pay(example_d(ClaimProcStatus.Estimate), "250", prefs) == [
        new("200.00", 20, ProvNum=1, ProcNum=120),
        unearned("50.00", 20),
    ]


def example_e(paysplits: Sequence[PaySplit] = ()) -> Family:
    return family(
        patient(30),
        procedures=[proc(60, 30, "150", "2024-04-02")],
        adjustments=[
            adj(61, 30, "-30", "2024-04-02", ProcNum=60),
            adj(62, 30, "25", "2024-04-10"),
        ],
        paysplits=list(paysplits),
    )


def test_e_adjustment_attached_to_a_procedure() -> None:
    first = pay(example_e(), "130")
    assert first == [
        new("120.00", 30, ProvNum=1, ProcNum=60),
        new("10.00", 30, ProvNum=1, AdjNum=62),
    ]

    second = pay(example_e(as_paid(first, PayNum=1, first_split_num=1)), "15")
    assert second == [new("15.00", 30, ProvNum=1, AdjNum=62)]


def example_f() -> Family:
    return family(
        patient(40),
        patient(41, Guarantor=40),
        patient(42, Guarantor=40),
        procedures=[proc(80, 40, "100", "2024-01-10"), proc(70, 41, "60", "2024-02-10")],
        paysplits=[split(1, 42, "50", "2024-03-01", ProvNum=1)],
    )


def test_f_old_credit_of_another_member_pays_the_first_entry() -> None:
    assert pay(example_f(), "100") == [
        new("50.00", 40, ProvNum=1, ProcNum=80),
        new("50.00", 41, ProvNum=1, ProcNum=70),
    ]


def test_f_patient_preferred_lets_old_credit_find_the_relatives_charge_first() -> None:
    assert pay(example_f(), "100", isPatientPreferred=True) == [
        new("100.00", 40, ProvNum=1, ProcNum=80)
    ]


def example_g(paysplits: Sequence[PaySplit] = ()) -> Family:
    return family(
        patient(50),
        procedures=[proc(90, 50, "80", "2024-01-05"), proc(91, 50, "120", "2024-03-05")],
        paysplits=list(paysplits),
    )


def test_g_proc_nums_pays_a_later_procedure_first() -> None:
    assert pay(example_g(), "150", procNums=(91,)) == [
        new("120.00", 50, ProvNum=1, ProcNum=91),
        new("30.00", 50, ProvNum=1, ProcNum=90),
    ]


def test_g_pay_first_is_not_stopped_by_old_unattached_money() -> None:
    old = [split(1, 50, "50", "2024-03-01", ProvNum=1)]
    assert pay(example_g(old), "120", procNums=(91,)) == [new("120.00", 50, ProvNum=1, ProcNum=91)]


def test_g_without_proc_nums_old_money_covers_the_oldest_procedure_first() -> None:
    old = [split(1, 50, "50", "2024-03-01", ProvNum=1)]
    assert pay(example_g(old), "120") == [
        new("30.00", 50, ProvNum=1, ProcNum=90),
        new("90.00", 50, ProvNum=1, ProcNum=91),
    ]


def test_g_a_proc_num_outside_the_ledger_is_ignored() -> None:
    assert pay(example_g(), "150", procNums=(91, 999)) == [
        new("120.00", 50, ProvNum=1, ProcNum=91),
        new("30.00", 50, ProvNum=1, ProcNum=90),
    ]


def example_h(paysplits: Sequence[PaySplit] = ()) -> Family:
    def debit(num: int, on: str) -> PayPlanCharge:
        return charge(num, 5, 61, 60, on, "100", LinkType=2, FKey=110)

    return family(
        patient(60),
        patient(61, Guarantor=60),
        procedures=[proc(110, 61, "300", "2024-01-15")],
        payplans=[plan(5, 61, 60, IsDynamic=True)],
        payplanlinks=[link(1, 5, 110)],
        payplancharges=[
            debit(501, "2024-05-01"),
            debit(502, "2024-06-01"),
            debit(503, "2024-07-01"),
        ],
        paysplits=list(paysplits),
    )


H_SPLITS = [
    new(
        "100.00",
        60,
        ProvNum=1,
        ProcNum=110,
        PayPlanNum=5,
        PayPlanChargeNum=501,
        PayPlanDebitType=PRINCIPAL,
    ),
    new(
        "100.00",
        60,
        ProvNum=1,
        ProcNum=110,
        PayPlanNum=5,
        PayPlanChargeNum=502,
        PayPlanDebitType=PRINCIPAL,
    ),
    unearned("50.00", 60),
]


def test_h_due_plan_charges_are_paid_and_the_future_one_is_not() -> None:
    assert pay(example_h(), "250") == H_SPLITS


def test_i_negative_pay_amt_gives_one_unearned_split() -> None:
    fam = family(patient(70), procedures=[proc(140, 70, "100")])
    assert pay(fam, "-25") == [unearned("-25.00", 70)]


def test_i_negative_pay_amt_in_manual_mode_is_unallocated_on_the_patients_provider() -> None:
    fam = family(patient(70), procedures=[proc(140, 70, "100")])
    assert pay(fam, "-25", MANUAL) == [new("-25.00", 70, ProvNum=1)]


def example_j(pri_prov: int = 2) -> Family:
    return family(
        patient(80, PriProv=pri_prov),
        procedures=[proc(130, 80, "100", "2024-02-01"), proc(131, 80, "50", "2024-03-01")],
    )


def test_j_manual_mode_pays_proc_nums_and_leaves_the_rest_unallocated() -> None:
    assert pay(example_j(), "120", MANUAL, procNums=(131,)) == [
        new("50.00", 80, ProvNum=1, ProcNum=131),
        new("70.00", 80, ProvNum=2),
    ]


def test_j_manual_mode_without_proc_nums_makes_one_unallocated_split() -> None:
    assert pay(example_j(), "120", MANUAL) == [new("120.00", 80, ProvNum=2)]


def test_j_manual_mode_falls_back_to_the_practice_default_provider() -> None:
    assert pay(example_j(pri_prov=0), "120", MANUAL) == [new("120.00", 80, ProvNum=1)]


def test_k_prepayment_onto_a_dynamic_plan() -> None:
    splits = pay(example_h(), "100", isPrepayment=True, payPlanNum=5, payPlanIsDynamic=True)
    assert splits == [new("100.00", 60, PayPlanNum=5, UnearnedType=DPP_UNEARNED)]


def test_k_a_plan_prepayment_is_neither_free_credit_nor_linked() -> None:
    prepaid = [
        split(1, 60, "100", "2024-06-15", ProvNum=0, PayPlanNum=5, UnearnedType=DPP_UNEARNED)
    ]
    assert pay(example_h(prepaid), "250") == H_SPLITS


def test_k_pay_plan_num_without_prepayment_pays_only_that_plan() -> None:
    assert pay(example_h(), "250", payPlanNum=5, payPlanIsDynamic=True) == H_SPLITS


def test_l_pay_as_total_insurance_pays_the_procedure() -> None:
    fam = family(
        patient(90),
        procedures=[proc(150, 90, "100", "2024-02-01")],
        claimprocs=[
            claimproc(1, 150, 90, ClaimProcStatus.Received, ClaimNum=7),
            claimproc(2, 0, 90, ClaimProcStatus.Received, ClaimNum=7, ProvNum=1, InsPayAmt="60"),
        ],
    )
    assert pay(fam, "50") == [new("40.00", 90, ProvNum=1, ProcNum=150), unearned("10.00", 90)]


def example_partial() -> Family:
    return family(
        patient(654),
        procedures=[
            proc(271, 654, "50", "2024-01-05"),
            proc(402, 654, "15", "2024-02-05"),
            proc(300, 654, "20", "2024-03-05"),
        ],
        payplans=[plan(9, 654, 654, IsDynamic=True)],
        payplanlinks=[link(1, 9, 300)],
        payplancharges=[charge(62, 9, 654, 654, "2024-04-01", "20", LinkType=2, FKey=300)],
        paysplits=[split(1, 654, "75", "2024-05-01", PayNum=40143, ProvNum=0, UnearnedType=283)],
    )


def test_partial_outstanding_leaves_the_payments_own_splits_out() -> None:
    owed = outstanding(example_partial(), PREFS, TODAY, leave_out_pay_num=40143)
    assert dict(owed.procedures) == {271: money("50"), 402: money("15"), 300: money("0")}
    assert dict(owed.charges) == {62: money("20")}


def test_partial_example_gives_one_split_per_procedure_and_per_piece() -> None:
    splits = partial_splits(
        example_partial(),
        PREFS,
        TODAY,
        pay_date=d("2024-06-01"),
        leave_out_pay_num=40143,
        procedures=[(271, money("40")), (402, money("15"))],
        charges=[(62, money("20"))],
    )
    on = d("2024-06-01")
    assert splits == [
        new("40.00", 654, on=on, ProvNum=1, ProcNum=271),
        new("15.00", 654, on=on, ProvNum=1, ProcNum=402),
        new(
            "20.00",
            654,
            on=on,
            ProvNum=1,
            ProcNum=300,
            PayPlanNum=9,
            PayPlanChargeNum=62,
            PayPlanDebitType=PRINCIPAL,
        ),
    ]
