"""POST /payments/Refund: the mirror payment, its refusals in order, its log (payments.md §4)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.db.ledger.family import load_family
from odpay.db.practice.cache import load_prefs
from odpay.domain.entries import EntryKind
from odpay.domain.outstanding import Outstanding, linked_ledger, outstanding
from odpay.domain.records import Payment
from odpay.services.clock import office_now, office_today
from odpay.services.errors import BadRequest, NotFound
from odpay.services.inputs import PaymentInput, RefundInput
from odpay.services.payments.create_payment import create_payment
from odpay.services.payments.refund_payment import refund_payment
from odpay.services.views import PaymentView
from tests.factories import KEY, add, patient, payment, procedure, rows, set_pref, set_row


def _written(db: Engine, pat_num: int) -> tuple[int, int, int]:
    """How many payment, paysplit and securitylog rows the patient has."""
    return (
        len(rows(db, "payment", PatNum=pat_num)),
        len(rows(db, "paysplit", PatNum=pat_num)),
        len(rows(db, "securitylog", PatNum=pat_num)),
    )


def _owed(db: Engine, pat_num: int) -> tuple[Outstanding, list[tuple[EntryKind, int, Decimal]]]:
    """What the family owes: §10's outstanding amounts and the fully linked ledger's
    (kind, key, amount) entries, which also count unearned money."""
    with db.connect() as conn:
        family = load_family(conn, pat_num)
        prefs = load_prefs(conn)
    assert family is not None
    today = office_today()
    ledger = [(e.kind, e.pk, e.amount) for e in linked_ledger(family, prefs, today)]
    return outstanding(family, prefs, today), ledger


def _split_rows(db: Engine, pay_num: int) -> list[tuple[Any, ...]]:
    return [
        (r["SplitAmt"], r["PatNum"], r["ProvNum"], r["ProcNum"], r["AdjNum"], r["UnearnedType"])
        for r in rows(db, "paysplit", PayNum=pay_num)
    ]


def _refused(db: Engine, pay_num: int | None, pat_num: int) -> str:
    """The refusal's message; asserts that nothing was written."""
    before = _written(db, pat_num)
    with pytest.raises((BadRequest, NotFound)) as refused:
        refund_payment(db, RefundInput(PayNum=pay_num), KEY)
    assert _written(db, pat_num) == before
    return refused.value.message


def test_the_spec_example_refunds_a_procedure_split_and_an_unearned_split(db: Engine) -> None:
    pat = patient(db, LName="Lopez", FName="Ana")
    proc = procedure(db, pat, "100.00", "2024-05-01")
    pay_num = payment(
        db,
        pat,
        "129.99",
        [
            {"SplitAmt": "100.00", "ProcNum": proc, "ProvNum": 1},
            {"SplitAmt": "29.99", "UnearnedType": 283},
        ],
    )
    first, second = (s["SplitNum"] for s in rows(db, "paysplit", PayNum=pay_num))
    before = office_now()

    view = refund_payment(db, RefundInput(PayNum=pay_num), KEY)

    after = office_now()
    stamp = view.payment.SecDateTEdit
    assert before <= stamp <= after
    today = stamp.date()
    assert view == PaymentView(
        payment=Payment(
            PayNum=view.payment.PayNum,
            PayType=69,
            PayDate=today,
            PayAmt=Decimal("-129.99"),
            PatNum=pat,
            DateEntry=today,
            SecUserNumEntry=1,
            SecDateTEdit=stamp,
        ),
        pay_type_name="Check",
    )
    assert view.payment.PayNum > pay_num
    refund_splits = rows(db, "paysplit", PayNum=view.payment.PayNum)
    assert [
        (s["SplitAmt"], s["ProcNum"], s["ProvNum"], s["UnearnedType"], s["FSplitNum"])
        for s in refund_splits
    ] == [(-100.0, proc, 1, 0, first), (-29.99, 0, 0, 283, second)]


def test_after_a_refund_the_family_owes_what_it_owed_before_the_payment(db: Engine) -> None:
    head = patient(db)
    child = patient(db, guarantor=head)
    procedure(db, child, "100.00", "2024-01-05", ProvNum=1)
    add(db, "adjustment", PatNum=head, AdjAmt="20.00", AdjDate=date(2024, 1, 20), ProvNum=1)
    procedure(db, head, "80.00", "2024-02-01", ProvNum=1)
    before = _owed(db, head)

    paid = create_payment(db, PaymentInput(PayAmt="250", PatNum=head), KEY)
    assert _owed(db, head) != before
    refund_payment(db, RefundInput(PayNum=paid.payment.PayNum), KEY)

    assert _owed(db, head) == before


def test_after_a_refund_a_new_payment_gets_the_splits_the_first_one_got(db: Engine) -> None:
    head = patient(db)
    child = patient(db, guarantor=head)
    first_proc = procedure(db, child, "100.00", "2024-01-05", ProvNum=1)
    adj = add(db, "adjustment", PatNum=head, AdjAmt="20.00", AdjDate=date(2024, 1, 20), ProvNum=1)
    second_proc = procedure(db, head, "80.00", "2024-02-01", ProvNum=1)
    first = create_payment(db, PaymentInput(PayAmt="250", PatNum=head), KEY)
    expected = [
        (100.0, child, 1, first_proc, 0, 0),
        (20.0, head, 1, 0, adj, 0),
        (80.0, head, 1, second_proc, 0, 0),
        (50.0, head, 0, 0, 0, 283),
    ]
    assert _split_rows(db, first.payment.PayNum) == expected

    refund_payment(db, RefundInput(PayNum=first.payment.PayNum), KEY)
    again = create_payment(db, PaymentInput(PayAmt="250", PatNum=head), KEY)

    assert _split_rows(db, again.payment.PayNum) == expected


def test_every_column_of_the_refund_payment_and_its_splits_is_exact(db: Engine) -> None:
    pat = patient(db)
    other = patient(db, guarantor=pat)
    clinic = add(db, "clinic", Abbr="East")
    proc = procedure(db, other, "80.00", "2024-03-01", ProvNum=1, ClinicNum=clinic)
    adj = add(db, "adjustment", PatNum=pat, AdjAmt="20.00", AdjDate=date(2024, 3, 2), ProvNum=1)
    # A legacy payment with every column set, as Open Dental's own screens may leave it.
    pay_num = payment(
        db,
        pat,
        "135.50",
        [
            {
                "SplitAmt": "80.00",
                "PatNum": other,
                "ProcNum": proc,
                "ProvNum": 1,
                "ClinicNum": clinic,
                "ProcDate": date(2024, 3, 1),
                "DateEntry": date(2024, 6, 2),
                "SecUserNumEntry": 7,
            },
            {"SplitAmt": "20.00", "AdjNum": adj, "ProvNum": 1, "IsDiscount": 1, "DiscountType": 2},
            {"SplitAmt": "35.50", "UnearnedType": 283, "ClinicNum": clinic},
        ],
        PayType=70,
        CheckNum="2058",
        BankBranch="19-7076",
        PayNote="Check payment through website",
        ClinicNum=clinic,
        IsSplit=1,
        DateEntry=date(2024, 6, 2),
        DepositNum=4,
        Receipt="receipt text",
        IsRecurringCC=1,
        SecUserNumEntry=7,
        PaymentSource=13,
        ProcessStatus=2,
        RecurringChargeDate=date(2024, 7, 1),
        ExternalId="ext-1",
        PaymentStatus=1,
        IsCcCompleted=1,
        MerchantFee="1.25",
    )
    originals = rows(db, "paysplit", PayNum=pay_num)

    view = refund_payment(db, RefundInput(PayNum=pay_num), KEY)

    refund_num = view.payment.PayNum
    stamp = view.payment.SecDateTEdit
    today = stamp.date()
    assert rows(db, "payment", PayNum=refund_num) == [
        {
            "PayNum": refund_num,
            "PayType": 70,
            "PayDate": today,
            "PayAmt": -135.5,
            "CheckNum": "2058",
            "BankBranch": "19-7076",
            "PayNote": "Check payment through website",
            "IsSplit": 1,
            "PatNum": pat,
            "ClinicNum": clinic,
            "DateEntry": today,
            "DepositNum": 0,
            "Receipt": "",
            "IsRecurringCC": 0,
            "SecUserNumEntry": 1,
            "SecDateTEdit": stamp,
            "PaymentSource": 0,
            "ProcessStatus": 0,
            "RecurringChargeDate": date(1, 1, 1),
            "ExternalId": "",
            "PaymentStatus": 0,
            "IsCcCompleted": 0,
            "MerchantFee": 0.0,
        }
    ]
    mirrors = rows(db, "paysplit", PayNum=refund_num)
    assert [m["SplitNum"] for m in mirrors] == sorted(m["SplitNum"] for m in mirrors)
    assert mirrors == [
        {
            **original,
            "SplitNum": mirror["SplitNum"],
            "SplitAmt": -original["SplitAmt"],
            "PayNum": refund_num,
            "DatePay": today,
            "DateEntry": today,
            "FSplitNum": original["SplitNum"],
            "SecUserNumEntry": 1,
            "SecDateTEdit": stamp,
            "SecurityHash": "",
        }
        for original, mirror in zip(originals, mirrors, strict=True)
    ]
    # The copied columns really are the legacy values, not defaults.
    assert [(m["ProcDate"], m["IsDiscount"], m["DiscountType"]) for m in mirrors] == [
        (date(2024, 3, 1), 0, 0),
        (date(1, 1, 1), 1, 2),
        (date(1, 1, 1), 0, 0),
    ]
    # The original is untouched.
    assert rows(db, "paysplit", PayNum=pay_num) == originals


def test_the_refund_writes_one_payment_create_log_row(db: Engine) -> None:
    pat = patient(db, LName="Lopez", FName="Ana")
    pay_num = payment(db, pat, "1234.50", [{"SplitAmt": "1234.50", "UnearnedType": 283}])

    view = refund_payment(db, RefundInput(PayNum=pay_num), KEY)

    [log] = rows(db, "securitylog", PatNum=pat)
    assert log == {
        "SecurityLogNum": log["SecurityLogNum"],
        "PermType": 15,
        "UserNum": 1,
        "LogDateTime": view.payment.SecDateTEdit,
        "LogText": (
            "Refund payment created for Lopez, Ana with payment type 'Check', amount "
            f"'-$1,234.50', refunding PayNum {pay_num} made by Acme Dental Apps through API."
        ),
        "PatNum": pat,
        "CompName": "odpay",
        "FKey": view.payment.PayNum,
        "LogSource": 23,
        "DefNum": 0,
        "DefNumError": 0,
        "DateTPrevious": datetime(1, 1, 1),
    }


def test_the_log_names_the_clinic_when_clinics_are_enabled(fresh_db: Engine) -> None:
    set_pref(fresh_db, "EasyNoClinics", "0")
    clinic = add(fresh_db, "clinic", Abbr="East")
    pat = patient(fresh_db, LName="Lopez", FName="Ana")
    pay_num = payment(
        fresh_db,
        pat,
        "40",
        [{"SplitAmt": "40", "UnearnedType": 283, "ClinicNum": clinic}],
        ClinicNum=clinic,
        PayType=71,
    )

    view = refund_payment(fresh_db, RefundInput(PayNum=pay_num), KEY)

    assert view.pay_type_name == "Credit Card"
    assert [r["LogText"] for r in rows(fresh_db, "securitylog", PatNum=pat)] == [
        "Refund payment created for Lopez, Ana with payment type 'Credit Card', clinic 'East',"
        f" amount '-$40.00', refunding PayNum {pay_num} made by Acme Dental Apps through API."
    ]


@pytest.mark.parametrize("pay_num", [None, 0, -3])
def test_a_missing_pay_num_is_required(db: Engine, pay_num: int | None) -> None:
    pat = patient(db)
    assert _refused(db, pay_num, pat) == "PayNum is required."


def test_an_unknown_payment_is_not_found(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "10", [{"SplitAmt": "10", "UnearnedType": 283}])
    with pytest.raises(NotFound) as refused:
        refund_payment(db, RefundInput(PayNum=pay_num + 100_000), KEY)
    assert refused.value.message == "Payment not found."


def test_a_deleted_patients_payment_is_refused_before_its_splits_are_judged(db: Engine) -> None:
    pat = patient(db, PatStatus=4)
    pay_num = payment(db, pat, "10", [])
    assert _refused(db, pay_num, pat) == "Patient has been deleted."


def test_a_payment_without_splits_is_refused(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "10", [])
    assert _refused(db, pay_num, pat) == "Cannot refund a payment that has no paysplits."


def test_a_negative_split_is_refused_before_plan_splits_and_the_sum(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(
        db,
        pat,
        "99",
        [{"SplitAmt": "30", "PayPlanNum": 4}, {"SplitAmt": "-5"}],
    )
    assert _refused(db, pay_num, pat) == "Cannot refund payments that have negative splits."


def test_a_zero_split_counts_as_negative(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "10", [{"SplitAmt": "10"}, {"SplitAmt": "0"}])
    assert _refused(db, pay_num, pat) == "Cannot refund payments that have negative splits."


def test_a_plan_split_is_refused_before_the_sum(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "99", [{"SplitAmt": "30", "PayPlanNum": 4}])
    assert _refused(db, pay_num, pat) == "Cannot refund payments attached to payment plans."


def test_splits_that_do_not_add_up_to_the_amount_are_refused(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "100.00", [{"SplitAmt": "60.00"}, {"SplitAmt": "39.99"}])
    assert _refused(db, pay_num, pat) == "Payment amount does not match the sum of its paysplits."


def test_the_sum_is_compared_in_cents_not_doubles(db: Engine) -> None:
    pat = patient(db)
    # 0.1 + 0.2 != 0.3 in doubles; in cents they match.
    pay_num = payment(db, pat, "0.3", [{"SplitAmt": "0.1"}, {"SplitAmt": "0.2"}])
    view = refund_payment(db, RefundInput(PayNum=pay_num), KEY)
    assert view.payment.PayAmt == Decimal("-0.30")


def test_a_payment_refunded_twice_is_refused_and_a_refund_cannot_be_refunded(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "50", [{"SplitAmt": "20"}, {"SplitAmt": "30"}])
    refund = refund_payment(db, RefundInput(PayNum=pay_num), KEY)

    assert _refused(db, pay_num, pat) == "Payment has already been refunded."
    assert (
        _refused(db, refund.payment.PayNum, pat)
        == "Cannot refund payments that have negative splits."
    )


def test_a_split_naming_the_original_with_another_amount_is_no_refund(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "50", [{"SplitAmt": "50"}])
    [split] = rows(db, "paysplit", PayNum=pay_num)
    payment(db, pat, "-20", [{"SplitAmt": "-20", "FSplitNum": split["SplitNum"]}])

    view = refund_payment(db, RefundInput(PayNum=pay_num), KEY)

    assert view.payment.PayAmt == Decimal("-50.00")


def test_the_deleted_patient_is_reported_before_an_earlier_refund(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "50", [{"SplitAmt": "50"}])
    refund_payment(db, RefundInput(PayNum=pay_num), KEY)
    set_row(db, "patient", pat, PatStatus=4)

    assert _refused(db, pay_num, pat) == "Patient has been deleted."


def test_a_sum_mismatch_is_reported_before_an_earlier_refund(db: Engine) -> None:
    pat = patient(db)
    pay_num = payment(db, pat, "50", [{"SplitAmt": "50"}])
    refund_payment(db, RefundInput(PayNum=pay_num), KEY)
    set_row(db, "payment", pay_num, PayAmt="55")

    assert _refused(db, pay_num, pat) == "Payment amount does not match the sum of its paysplits."
