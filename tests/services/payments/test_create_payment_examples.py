"""allocation.md §13 worked examples A–L, end to end: factory-built families in the database,
POST /payments through the service, the stored splits compared with the keys the factories
returned. Dates are the examples' own, moved so that today stands where 2024-06-15 does."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine

from tests.factories import add, adjustment, patient, procedure, set_pref, set_row
from tests.services.payments.payment_support import (
    existing_split,
    post,
    refused,
    split,
    splits_of,
    unearned,
)

# The spec's dates are written as they are: odpay's clock reads 2024-06-15.
pytestmark = pytest.mark.usefixtures("spec_today")

PRINCIPAL = 1


@dataclass(frozen=True)
class FamilyA:
    G: int
    C: int
    proc101: int
    adj201: int
    proc102: int


def _family_a(db: Engine) -> FamilyA:
    G = patient(db)
    C = patient(db, G)
    return FamilyA(
        G,
        C,
        proc101=procedure(db, C, "100.00", date(2024, 1, 5), ProvNum=2),
        adj201=adjustment(db, G, "20.00", date(2024, 1, 20), ProvNum=1),
        proc102=procedure(db, G, "80.00", date(2024, 2, 1), ProvNum=1),
    )


def test_a_fifo_across_a_family(db: Engine) -> None:
    a = _family_a(db)

    view = post(db, PatNum=a.G, PayAmt="250")

    assert splits_of(db, view) == [
        split("100.00", a.C, 2, ProcNum=a.proc101),
        split("20.00", a.G, 1, AdjNum=a.adj201),
        split("80.00", a.G, 1, ProcNum=a.proc102),
        unearned("50.00", a.G),
    ]


def test_a_patient_preferred_pays_the_payers_charges_first(db: Engine) -> None:
    a = _family_a(db)

    view = post(db, PatNum=a.G, PayAmt="90", isPatientPreferred="true")

    assert splits_of(db, view) == [
        split("20.00", a.G, 1, AdjNum=a.adj201),
        split("70.00", a.G, 1, ProcNum=a.proc102),
    ]


def test_b_old_unattached_money_is_linked_implicitly(db: Engine) -> None:
    a = _family_a(db)
    existing_split(db, a.G, "60.00", ProvNum=1)

    first = post(db, PatNum=a.G, PayAmt="100")
    second = post(db, PatNum=a.G, PayAmt="100")

    assert splits_of(db, first) == [split("100.00", a.C, 2, ProcNum=a.proc101)]
    assert splits_of(db, second) == [
        split("40.00", a.G, 1, ProcNum=a.proc102),
        unearned("60.00", a.G),
    ]


def _claimproc(db: Engine, proc: int, PatNum: int, **cols: Any) -> int:
    return add(db, "claimproc", ProcNum=proc, PatNum=PatNum, ProvNum=1, **cols)


def test_c_patient_portion_with_an_estimate_and_after_the_claim_is_received(db: Engine) -> None:
    pending = patient(db)
    proc = procedure(db, pending, "200.00", date(2024, 3, 1))
    _claimproc(db, proc, pending, Status=6, InsPayEst="120.00", WriteOffEst="30.00")
    received = patient(db)
    paid_proc = procedure(db, received, "200.00", date(2024, 3, 1))
    _claimproc(db, paid_proc, received, Status=1, InsPayEst="120.00", WriteOffEst="30.00",
               InsPayAmt="100.00", WriteOff="30.00")  # fmt: skip

    assert splits_of(db, post(db, PatNum=pending, PayAmt="1000")) == [
        split("50.00", pending, 1, ProcNum=proc),
        unearned("950.00", pending),
    ]
    assert splits_of(db, post(db, PatNum=received, PayAmt="1000")) == [
        split("70.00", received, 1, ProcNum=paid_proc),
        unearned("930.00", received),
    ]


def test_d_insurance_estimate_then_the_received_claim(db: Engine) -> None:
    P = patient(db)
    proc = procedure(db, P, "200.00", date(2024, 3, 1), ProvNum=1)
    claim = _claimproc(db, proc, P, Status=6, InsPayEst="120.00", WriteOffEst="30.00")

    first = post(db, PatNum=P, PayAmt="50")
    set_row(db, "claimproc", claim, Status=1, InsPayAmt="100.00", WriteOff="30.00")
    second = post(db, PatNum=P, PayAmt="30")

    assert splits_of(db, first) == [split("50.00", P, 1, ProcNum=proc)]
    assert splits_of(db, second) == [split("20.00", P, 1, ProcNum=proc), unearned("10.00", P)]


def test_d_ignoring_pending_insurance_sees_the_whole_fee(fresh_db: Engine) -> None:
    set_pref(fresh_db, "BalancesDontSubtractIns", "1")
    P = patient(fresh_db)
    proc = procedure(fresh_db, P, "200.00", date(2024, 3, 1), ProvNum=1)
    _claimproc(fresh_db, proc, P, Status=6, InsPayEst="120.00", WriteOffEst="30.00")

    view = post(fresh_db, PatNum=P, PayAmt="250")

    assert splits_of(fresh_db, view) == [
        split("200.00", P, 1, ProcNum=proc),
        unearned("50.00", P),
    ]


def test_e_an_adjustment_attached_to_a_procedure(db: Engine) -> None:
    P = patient(db)
    proc60 = procedure(db, P, "150.00", date(2024, 4, 2), ProvNum=1)
    adjustment(db, P, "-30.00", date(2024, 4, 2), ProcNum=proc60, ProvNum=1)
    adj62 = adjustment(db, P, "25.00", date(2024, 4, 10), ProvNum=1)

    first = post(db, PatNum=P, PayAmt="130")
    second = post(db, PatNum=P, PayAmt="15")

    assert splits_of(db, first) == [
        split("120.00", P, 1, ProcNum=proc60),
        split("10.00", P, 1, AdjNum=adj62),
    ]
    assert splits_of(db, second) == [split("15.00", P, 1, AdjNum=adj62)]


def _family_f(db: Engine) -> tuple[int, int, int, int]:
    G = patient(db)
    C = patient(db, G)
    C2 = patient(db, G)
    proc80 = procedure(db, G, "100.00", date(2024, 1, 10), ProvNum=1)
    proc70 = procedure(db, C, "60.00", date(2024, 2, 10), ProvNum=1)
    existing_split(db, C2, "50.00", ProvNum=1)
    return G, C, proc80, proc70


def test_f_old_credit_of_a_relative_without_charges(db: Engine) -> None:
    G, C, proc80, proc70 = _family_f(db)

    view = post(db, PatNum=G, PayAmt="100")

    assert splits_of(db, view) == [
        split("50.00", G, 1, ProcNum=proc80),
        split("50.00", C, 1, ProcNum=proc70),
    ]


def test_f_patient_preferred_lets_relatives_charges_absorb_old_credit(db: Engine) -> None:
    G, _, proc80, _ = _family_f(db)

    view = post(db, PatNum=G, PayAmt="100", isPatientPreferred="true")

    assert splits_of(db, view) == [split("100.00", G, 1, ProcNum=proc80)]


def _family_g(db: Engine) -> tuple[int, int, int]:
    P = patient(db)
    proc90 = procedure(db, P, "80.00", date(2024, 1, 5), ProvNum=1)
    proc91 = procedure(db, P, "120.00", date(2024, 3, 5), ProvNum=1)
    return P, proc90, proc91


def test_g_proc_nums_pay_a_later_procedure_first(db: Engine) -> None:
    P, proc90, proc91 = _family_g(db)

    view = post(db, PatNum=P, PayAmt="150", procNums=[proc91])

    assert splits_of(db, view) == [
        split("120.00", P, 1, ProcNum=proc91),
        split("30.00", P, 1, ProcNum=proc90),
    ]


def test_g_pay_first_comes_before_implicit_linking_of_old_money(db: Engine) -> None:
    P, proc90, proc91 = _family_g(db)
    existing_split(db, P, "50.00", ProvNum=1)
    Q, proc90_q, proc91_q = _family_g(db)
    existing_split(db, Q, "50.00", ProvNum=1)

    chosen = post(db, PatNum=P, PayAmt="120", procNums=[proc91])
    then = post(db, PatNum=P, PayAmt="30")
    fifo = post(db, PatNum=Q, PayAmt="120")

    assert splits_of(db, chosen) == [split("120.00", P, 1, ProcNum=proc91)]
    # The old 50 went to procedure 90, which has 30 left.
    assert splits_of(db, then) == [split("30.00", P, 1, ProcNum=proc90)]
    assert splits_of(db, fifo) == [
        split("30.00", Q, 1, ProcNum=proc90_q),
        split("90.00", Q, 1, ProcNum=proc91_q),
    ]


def test_g_another_familys_procedure_is_ignored_and_an_unknown_one_refused(db: Engine) -> None:
    P, proc90, proc91 = _family_g(db)
    theirs = procedure(db, patient(db), "999.00", date(2024, 1, 1))

    assert refused(db, (P,), PatNum=P, PayAmt="150", procNums=[proc91, 10**12]) == (
        f"ProcNum {10**12} is invalid."
    )
    view = post(db, PatNum=P, PayAmt="150", procNums=[proc91, theirs])
    assert splits_of(db, view) == [
        split("120.00", P, 1, ProcNum=proc91),
        split("30.00", P, 1, ProcNum=proc90),
    ]


@dataclass(frozen=True)
class FamilyH:
    G: int
    C: int
    proc110: int
    plan: int
    charges: tuple[int, int, int]


def _family_h(db: Engine) -> FamilyH:
    G = patient(db)
    C = patient(db, G)
    proc110 = procedure(db, C, "300.00", date(2024, 1, 15), ProvNum=1)
    plan = add(db, "payplan", PatNum=C, Guarantor=G, PlanNum=0, IsDynamic=1,
               DynamicPayPlanTPOption=0, PayPlanDate=date(2024, 1, 15))  # fmt: skip
    add(db, "payplanlink", PayPlanNum=plan, LinkType=2, FKey=proc110, AmountOverride="0")
    charges = tuple(
        add(db, "payplancharge", PayPlanNum=plan, Guarantor=G, PatNum=C, ChargeDate=day,
            Principal="100.00", Interest="0", ProvNum=1, ChargeType=0, LinkType=2, FKey=proc110)
        for day in ("2024-05-01", "2024-06-01", "2024-07-01")
    )  # fmt: skip
    return FamilyH(G, C, proc110, plan, charges)  # type: ignore[arg-type]


def _h_splits(h: FamilyH) -> list[dict[str, Any]]:
    """Example H's answer to POST PatNum G, 250: the two due charges, the rest unearned."""
    return [
        split("100.00", h.G, 1, ProcNum=h.proc110, PayPlanNum=h.plan,
              PayPlanChargeNum=h.charges[0], PayPlanDebitType=PRINCIPAL),
        split("100.00", h.G, 1, ProcNum=h.proc110, PayPlanNum=h.plan,
              PayPlanChargeNum=h.charges[1], PayPlanDebitType=PRINCIPAL),
        unearned("50.00", h.G),
    ]  # fmt: skip


def test_h_due_plan_charges_are_paid_and_a_future_one_is_not(db: Engine) -> None:
    h = _family_h(db)

    view = post(db, PatNum=h.G, PayAmt="250")

    assert splits_of(db, view) == _h_splits(h)


def test_i_a_negative_payment_is_one_negative_unearned_split(db: Engine) -> None:
    P = patient(db)
    procedure(db, P, "100.00", date(2024, 2, 1), ProvNum=1)

    view = post(db, PatNum=P, PayAmt="-25")

    assert splits_of(db, view) == [unearned("-25.00", P)]


def test_i_in_manual_mode_a_negative_payment_is_unallocated_with_the_patients_provider(
    fresh_db: Engine,
) -> None:
    set_pref(fresh_db, "RigorousAccounting", "2")
    P = patient(fresh_db, PriProv=1)
    procedure(fresh_db, P, "100.00", date(2024, 2, 1), ProvNum=1)

    view = post(fresh_db, PatNum=P, PayAmt="-25")

    assert splits_of(fresh_db, view) == [split("-25.00", P, 1)]


def test_j_manual_rigorous_accounting(fresh_db: Engine) -> None:
    set_pref(fresh_db, "RigorousAccounting", "2")

    def family(PriProv: int) -> tuple[int, int, int]:
        P = patient(fresh_db, PriProv=PriProv)
        proc130 = procedure(fresh_db, P, "100.00", date(2024, 2, 1), ProvNum=1)
        proc131 = procedure(fresh_db, P, "50.00", date(2024, 3, 1), ProvNum=1)
        return P, proc130, proc131

    P1, _, proc131 = family(PriProv=2)
    P2, _, _ = family(PriProv=2)
    P3, _, _ = family(PriProv=0)

    pay_first = post(fresh_db, PatNum=P1, PayAmt="120", procNums=[proc131])
    no_choice = post(fresh_db, PatNum=P2, PayAmt="120")
    no_provider = post(fresh_db, PatNum=P3, PayAmt="120")

    assert splits_of(fresh_db, pay_first) == [
        split("50.00", P1, 1, ProcNum=proc131),
        split("70.00", P1, 2),
    ]
    assert splits_of(fresh_db, no_choice) == [split("120.00", P2, 2)]
    assert splits_of(fresh_db, no_provider) == [split("120.00", P3, 1)]


def test_k_a_prepayment_onto_a_dynamic_plan_is_reserved(db: Engine) -> None:
    h = _family_h(db)

    prepaid = post(db, PatNum=h.G, PayAmt="100", isPrepayment="true", payPlanNum=h.plan)
    after = post(db, PatNum=h.G, PayAmt="250")

    assert splits_of(db, prepaid) == [split("100.00", h.G, 0, PayPlanNum=h.plan, UnearnedType=308)]
    assert splits_of(db, after) == _h_splits(h)


def test_k_a_plan_named_without_prepayment_limits_the_split_to_its_charges(db: Engine) -> None:
    h = _family_h(db)
    procedure(db, h.G, "40.00", date(2024, 1, 1), ProvNum=1)  # older, but not on plan

    view = post(db, PatNum=h.G, PayAmt="250", payPlanNum=h.plan)

    assert splits_of(db, view) == _h_splits(h)


def test_l_pay_as_total_insurance_is_family_credit(db: Engine) -> None:
    P = patient(db)
    proc150 = procedure(db, P, "100.00", date(2024, 2, 1), ProvNum=1)
    _claimproc(db, proc150, P, Status=1, ClaimNum=7, InsPayAmt="0", WriteOff="0")
    _claimproc(db, 0, P, Status=1, ClaimNum=7, InsPayAmt="60.00")

    view = post(db, PatNum=P, PayAmt="50")

    assert splits_of(db, view) == [split("40.00", P, 1, ProcNum=proc150), unearned("10.00", P)]
