"""allocation.md §13 worked examples A–L through the preview (odpay extension): for each, the
preview's splits equal the splits POST then stores, the explanation of each split and of each
charge left owing is the rule the engine applied, and the stored payment's explanation
(replayed) is the preview's. Families come from the examples' own
builders (test_create_payment_examples.py)."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.domain.entries import EntryKind
from odpay.domain.explanation import SplitRule, UnpaidReason
from odpay.services.errors import BadRequest
from odpay.services.inputs import PaymentInput
from odpay.services.payments.explain_payment import explain_payment
from odpay.services.payments.preview_payment import PaymentExplanation, preview_payment
from tests.factories import adjustment, patient, procedure, rows, set_pref
from tests.services.payments.payment_support import (
    existing_split,
    post,
    refused,
    split,
    splits_of,
)
from tests.services.payments.test_create_payment_examples import (
    _claimproc,
    _family_a,
    _family_f,
    _family_g,
    _family_h,
)

# The spec's dates are written as they are: odpay's clock reads 2024-06-15.
pytestmark = pytest.mark.usefixtures("spec_today")


R = SplitRule
U = UnpaidReason


def preview_then_post(db: Engine, **body: Any) -> PaymentExplanation:
    """Preview the body, check it wrote nothing, POST it: the preview's splits are the stored
    ones, in order and in every column the engine decides."""
    before = (len(rows(db, "payment")), len(rows(db, "paysplit")))
    preview = preview_payment(db, PaymentInput(**body))
    assert (len(rows(db, "payment")), len(rows(db, "paysplit"))) == before
    view = post(db, **body)
    assert [_as_split(item.split) for item in preview.splits] == splits_of(db, view)
    # The stored payment's explanation, replayed, is the preview's.
    stored = explain_payment(db, view.payment.PayNum)
    assert stored.reproduced
    assert [reason for _, reason in stored.splits] == [item.reason for item in preview.splits]
    assert stored.unpaid == preview.unpaid
    return preview


def _as_split(new: Any) -> dict[str, Any]:
    return split(
        str(new.SplitAmt), new.PatNum, new.ProvNum, new.ProcNum, new.AdjNum, new.PayPlanNum,
        new.PayPlanChargeNum, new.PayPlanDebitType, new.UnearnedType, new.ClinicNum,
    )  # fmt: skip


def reasons(preview: PaymentExplanation) -> list[tuple[Any, ...]]:
    """Per split: rule, and for a charge its kind, key, date and owed before and after."""
    out: list[tuple[Any, ...]] = []
    for item in preview.splits:
        reason = item.reason
        if reason.charge is None:
            out.append((reason.rule,))
            continue
        charge = reason.charge
        key = charge.ProcNum if charge.kind is EntryKind.Procedure else charge.AdjNum
        if charge.kind is EntryKind.PlanPiece:
            key = charge.PayPlanChargeNum
        out.append((reason.rule, charge.kind, key, charge.date, reason.owed_before,
                    reason.owed_after))  # fmt: skip
    return out


def unpaid(preview: PaymentExplanation) -> list[tuple[Any, ...]]:
    out = []
    for item in preview.unpaid:
        charge = item.charge
        key = {EntryKind.Procedure: charge.ProcNum, EntryKind.Adjustment: charge.AdjNum}.get(
            charge.kind, charge.PayPlanChargeNum
        )
        out.append((item.reason, charge.kind, key, item.owed))
    return out


def d(text: str) -> Decimal:
    return Decimal(text)


P_, A_, PP = EntryKind.Procedure, EntryKind.Adjustment, EntryKind.PlanPiece


def test_a_fifo_across_a_family(db: Engine) -> None:
    a = _family_a(db)

    preview = preview_then_post(db, PatNum=a.G, PayAmt="250")

    assert reasons(preview) == [
        (R.OldestCharge, P_, a.proc101, date(2024, 1, 5), d("100.00"), d("0.00")),
        (R.OldestCharge, A_, a.adj201, date(2024, 1, 20), d("20.00"), d("0.00")),
        (R.OldestCharge, P_, a.proc102, date(2024, 2, 1), d("80.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]
    assert unpaid(preview) == []


def test_a_patient_preferred(db: Engine) -> None:
    a = _family_a(db)

    preview = preview_then_post(db, PatNum=a.G, PayAmt="90", isPatientPreferred="true")

    assert reasons(preview) == [
        (R.PatientPreferred, A_, a.adj201, date(2024, 1, 20), d("20.00"), d("0.00")),
        (R.PatientPreferred, P_, a.proc102, date(2024, 2, 1), d("80.00"), d("10.00")),
    ]
    assert unpaid(preview) == [
        (U.NothingLeft, P_, a.proc101, d("100.00")),
        (U.NothingLeft, P_, a.proc102, d("10.00")),
    ]


def test_b_old_unattached_money_is_linked_implicitly(db: Engine) -> None:
    a = _family_a(db)
    existing_split(db, a.G, "60.00", ProvNum=1)

    first = preview_then_post(db, PatNum=a.G, PayAmt="100")
    second = preview_then_post(db, PatNum=a.G, PayAmt="100")

    # The old 60 went to G's adjustment and procedure (provider 1) by implicit linking.
    assert reasons(first) == [
        (R.OldestCharge, P_, a.proc101, date(2024, 1, 5), d("100.00"), d("0.00")),
    ]
    assert unpaid(first) == [(U.NothingLeft, P_, a.proc102, d("40.00"))]
    assert reasons(second) == [
        (R.OldestCharge, P_, a.proc102, date(2024, 2, 1), d("40.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]


def test_c_patient_portion_with_an_estimate(db: Engine) -> None:
    P = patient(db)
    proc = procedure(db, P, "200.00", date(2024, 3, 1))
    _claimproc(db, proc, P, Status=6, InsPayEst="120.00", WriteOffEst="30.00")

    preview = preview_then_post(db, PatNum=P, PayAmt="1000")

    assert reasons(preview) == [
        (R.OldestCharge, P_, proc, date(2024, 3, 1), d("50.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]


def test_d_the_received_claim_after_a_first_payment(db: Engine) -> None:
    from tests.factories import set_row

    P = patient(db)
    proc = procedure(db, P, "200.00", date(2024, 3, 1), ProvNum=1)
    claim = _claimproc(db, proc, P, Status=6, InsPayEst="120.00", WriteOffEst="30.00")
    first = preview_then_post(db, PatNum=P, PayAmt="50")
    set_row(db, "claimproc", claim, Status=1, InsPayAmt="100.00", WriteOff="30.00")

    second = preview_then_post(db, PatNum=P, PayAmt="30")

    assert reasons(first) == [(R.OldestCharge, P_, proc, date(2024, 3, 1), d("50.00"), d("0.00"))]
    assert reasons(second) == [
        (R.OldestCharge, P_, proc, date(2024, 3, 1), d("20.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]


def test_e_an_adjustment_attached_to_a_procedure(db: Engine) -> None:
    P = patient(db)
    proc60 = procedure(db, P, "150.00", date(2024, 4, 2), ProvNum=1)
    adjustment(db, P, "-30.00", date(2024, 4, 2), ProcNum=proc60, ProvNum=1)
    adj62 = adjustment(db, P, "25.00", date(2024, 4, 10), ProvNum=1)

    first = preview_then_post(db, PatNum=P, PayAmt="130")

    assert reasons(first) == [
        (R.OldestCharge, P_, proc60, date(2024, 4, 2), d("120.00"), d("0.00")),
        (R.OldestCharge, A_, adj62, date(2024, 4, 10), d("25.00"), d("15.00")),
    ]
    assert unpaid(first) == [(U.NothingLeft, A_, adj62, d("15.00"))]


def test_f_old_credit_of_a_relative_and_patient_preferred(db: Engine) -> None:
    G, _, proc80, proc70 = _family_f(db)
    G2, _, proc80_2, proc70_2 = _family_f(db)

    preview = preview_then_post(db, PatNum=G, PayAmt="100")
    preferred = preview_then_post(db, PatNum=G2, PayAmt="100", isPatientPreferred="true")

    # C2's old 50 paid G's procedure first (oldest), so 50 of it is left, then C's.
    assert reasons(preview) == [
        (R.OldestCharge, P_, proc80, date(2024, 1, 10), d("50.00"), d("0.00")),
        (R.OldestCharge, P_, proc70, date(2024, 2, 10), d("60.00"), d("10.00")),
    ]
    assert unpaid(preview) == [(U.NothingLeft, P_, proc70, d("10.00"))]
    # Preferred: the old credit went to the relatives' charges first, G's own is paid whole.
    assert reasons(preferred) == [
        (R.PatientPreferred, P_, proc80_2, date(2024, 1, 10), d("100.00"), d("0.00")),
    ]
    assert unpaid(preferred) == [(U.NothingLeft, P_, proc70_2, d("10.00"))]


def test_g_proc_nums_pay_a_later_procedure_first(db: Engine) -> None:
    P, proc90, proc91 = _family_g(db)

    preview = preview_then_post(db, PatNum=P, PayAmt="150", procNums=[proc91])

    assert reasons(preview) == [
        (R.ChosenProcedure, P_, proc91, date(2024, 3, 5), d("120.00"), d("0.00")),
        (R.OldestCharge, P_, proc90, date(2024, 1, 5), d("80.00"), d("50.00")),
    ]
    assert unpaid(preview) == [(U.NothingLeft, P_, proc90, d("50.00"))]


def test_g_pay_first_comes_before_implicit_linking(db: Engine) -> None:
    P, proc90, proc91 = _family_g(db)
    existing_split(db, P, "50.00", ProvNum=1)

    chosen = preview_then_post(db, PatNum=P, PayAmt="120", procNums=[proc91])

    assert reasons(chosen) == [
        (R.ChosenProcedure, P_, proc91, date(2024, 3, 5), d("120.00"), d("0.00")),
    ]
    assert unpaid(chosen) == [(U.NothingLeft, P_, proc90, d("30.00"))]


def test_g_refusals_are_posts_refusals(db: Engine) -> None:
    P, _, proc91 = _family_g(db)

    message = refused(db, (P,), PatNum=P, PayAmt="150", procNums=[proc91, 10**12])

    with pytest.raises(BadRequest) as refusal:
        preview_payment(db, PaymentInput(PatNum=P, PayAmt="150", procNums=(proc91, 10**12)))
    assert refusal.value.message == message == f"ProcNum {10**12} is invalid."


def test_h_due_plan_charges_are_paid_and_a_future_one_is_not(db: Engine) -> None:
    h = _family_h(db)

    preview = preview_then_post(db, PatNum=h.G, PayAmt="250")

    assert reasons(preview) == [
        (R.DuePlanCharge, PP, h.charges[0], date(2024, 5, 1), d("100.00"), d("0.00")),
        (R.DuePlanCharge, PP, h.charges[1], date(2024, 6, 1), d("100.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]
    assert unpaid(preview) == [(U.FuturePlanCharge, PP, h.charges[2], d("100.00"))]


def test_i_a_negative_payment(db: Engine) -> None:
    P = patient(db)
    proc = procedure(db, P, "100.00", date(2024, 2, 1), ProvNum=1)

    preview = preview_then_post(db, PatNum=P, PayAmt="-25")

    assert reasons(preview) == [(R.NegativePayment,)]
    assert unpaid(preview) == [(U.NegativePayment, P_, proc, d("100.00"))]


def test_i_and_j_manual_mode(fresh_db: Engine) -> None:
    set_pref(fresh_db, "RigorousAccounting", "2")
    P = patient(fresh_db, PriProv=2)
    proc130 = procedure(fresh_db, P, "100.00", date(2024, 2, 1), ProvNum=1)
    proc131 = procedure(fresh_db, P, "50.00", date(2024, 3, 1), ProvNum=1)

    negative = preview_then_post(fresh_db, PatNum=P, PayAmt="-25")
    chosen = preview_then_post(fresh_db, PatNum=P, PayAmt="120", procNums=[proc131])

    assert reasons(negative) == [(R.ManualUnallocated,)]
    assert reasons(chosen) == [
        (R.ChosenProcedure, P_, proc131, date(2024, 3, 1), d("50.00"), d("0.00")),
        (R.ManualUnallocated,),
    ]
    assert unpaid(chosen) == [(U.ManualMode, P_, proc130, d("100.00"))]


def test_k_a_prepayment_onto_a_dynamic_plan_is_reserved(db: Engine) -> None:
    h = _family_h(db)

    prepaid = preview_then_post(
        db, PatNum=h.G, PayAmt="100", isPrepayment="true", payPlanNum=h.plan
    )
    after = preview_then_post(db, PatNum=h.G, PayAmt="250")

    assert reasons(prepaid) == [(R.DynamicPlanPrepayment,)]
    assert unpaid(prepaid) == [
        (U.Prepayment, PP, h.charges[0], d("100.00")),
        (U.Prepayment, PP, h.charges[1], d("100.00")),
        (U.FuturePlanCharge, PP, h.charges[2], d("100.00")),
    ]
    assert [r[0] for r in reasons(after)] == [
        R.DuePlanCharge,
        R.DuePlanCharge,
        R.LeftoverToUnearned,
    ]


def test_k_a_named_plan_limits_the_split_to_its_charges(db: Engine) -> None:
    h = _family_h(db)
    older = procedure(db, h.G, "40.00", date(2024, 1, 1), ProvNum=1)

    preview = preview_then_post(db, PatNum=h.G, PayAmt="250", payPlanNum=h.plan)

    assert reasons(preview) == [
        (R.NamedPlanCharge, PP, h.charges[0], date(2024, 5, 1), d("100.00"), d("0.00")),
        (R.NamedPlanCharge, PP, h.charges[1], date(2024, 6, 1), d("100.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]
    assert unpaid(preview) == [
        (U.OtherPlan, P_, older, d("40.00")),
        (U.FuturePlanCharge, PP, h.charges[2], d("100.00")),
    ]


def test_l_pay_as_total_insurance_is_family_credit(db: Engine) -> None:
    P = patient(db)
    proc150 = procedure(db, P, "100.00", date(2024, 2, 1), ProvNum=1)
    _claimproc(db, proc150, P, Status=1, ClaimNum=7, InsPayAmt="0", WriteOff="0")
    _claimproc(db, 0, P, Status=1, ClaimNum=7, InsPayAmt="60.00")

    preview = preview_then_post(db, PatNum=P, PayAmt="50")

    assert reasons(preview) == [
        (R.OldestCharge, P_, proc150, date(2024, 2, 1), d("40.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]
    assert unpaid(preview) == []


def test_treatment_planned_procedures_are_left_unpaid(fresh_db: Engine) -> None:
    set_pref(fresh_db, "PrePayAllowedForTpProcs", "1")
    P = patient(fresh_db)
    done = procedure(fresh_db, P, "30.00", date(2024, 2, 1), ProvNum=1)
    planned = procedure(fresh_db, P, "70.00", date(2024, 3, 1), ProvNum=1, ProcStatus=1)

    preview = preview_then_post(fresh_db, PatNum=P, PayAmt="50")

    assert reasons(preview) == [
        (R.OldestCharge, P_, done, date(2024, 2, 1), d("30.00"), d("0.00")),
        (R.LeftoverToUnearned,),
    ]
    assert unpaid(preview) == [(U.TreatmentPlanned, P_, planned, d("70.00"))]


def test_a_payment_entered_in_open_dental_is_explained_when_the_engine_makes_it(
    db: Engine,
) -> None:
    P = patient(db)
    proc = procedure(db, P, "50.00", date(2024, 1, 5), ProvNum=1)
    fits = existing_split(db, P, "50.00", ProvNum=1, ProcNum=proc)  # no DateEntry, as loaded
    pay_num = rows(db, "paysplit", SplitNum=fits)[0]["PayNum"]
    Q = patient(db)
    procedure(db, Q, "80.00", date(2024, 1, 5), ProvNum=1)
    other = existing_split(db, Q, "30.00", ProvNum=1)  # unallocated: the engine never does that
    odd = rows(db, "paysplit", SplitNum=other)[0]["PayNum"]

    explained = explain_payment(db, pay_num)
    not_explained = explain_payment(db, odd)

    assert explained.reproduced and explained.options == {}
    assert [(r.rule, r.owed_before, r.owed_after) for _, r in explained.splits if r] == [
        (R.OldestCharge, d("50.00"), d("0.00"))
    ]
    assert not not_explained.reproduced
    assert [(s.SplitNum, r) for s, r in not_explained.splits] == [(other, None)]
    assert not_explained.unpaid == []
