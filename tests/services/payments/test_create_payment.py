"""POST /payments effects: the payment row, its splits and the securitylog row, column by
column (payments.md §3.3, §1.3), and the invariant check before anything is written."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from odpay.domain.records import NewSplit, Payment
from odpay.services.clock import office_now
from odpay.services.payments import create_payment as use_case
from odpay.services.views import PaymentView
from tests.factories import add, patient, procedure, rows, set_pref
from tests.services.payments.payment_support import post, split, splits_of, unearned

# The spec's dates are written as they are: odpay's clock reads 2024-06-15.
pytestmark = pytest.mark.usefixtures("spec_today")

NO_DATE = date(1, 1, 1)
NO_DATETIME = datetime(1, 1, 1)


def test_the_payment_row_holds_the_request_and_the_api_defaults(db: Engine) -> None:
    east = add(db, "clinic", Abbr="East", Description="East office")
    head = patient(db, LName="Lopez", FName="Ana")
    before = office_now()

    view = post(
        db,
        PatNum=head,
        PayAmt="1,234.565",
        PayType=70,
        PayDate="2024-05-02",
        CheckNum="2058",
        PayNote="Check payment through website",
        BankBranch="19-7076",
        ClinicNum=east,
    )

    after = office_now()
    [row] = rows(db, "payment", PatNum=head)
    stamp = row["SecDateTEdit"]
    assert before <= stamp <= after
    assert row == {
        "PayNum": view.payment.PayNum,
        "PayType": 70,
        "PayDate": date(2024, 5, 2),
        "PayAmt": 1234.56,
        "CheckNum": "2058",
        "BankBranch": "19-7076",
        "PayNote": "Check payment through website",
        "IsSplit": 0,
        "PatNum": head,
        "ClinicNum": east,
        "DateEntry": stamp.date(),
        "DepositNum": 0,
        "Receipt": "",
        "IsRecurringCC": 0,
        "SecUserNumEntry": 1,
        "SecDateTEdit": stamp,
        "PaymentSource": 13,
        "ProcessStatus": 0,
        "RecurringChargeDate": NO_DATE,
        "ExternalId": "",
        "PaymentStatus": 0,
        "IsCcCompleted": 0,
        "MerchantFee": 0.0,
    }
    assert view == PaymentView(
        Payment(
            PayNum=view.payment.PayNum,
            PayType=70,
            PayDate=date(2024, 5, 2),
            PayAmt=Decimal("1234.56"),
            PatNum=head,
            CheckNum="2058",
            BankBranch="19-7076",
            PayNote="Check payment through website",
            ClinicNum=east,
            DateEntry=stamp.date(),
            SecUserNumEntry=1,
            SecDateTEdit=stamp,
            PaymentSource=13,
        ),
        "Cash",
    )


def test_the_splits_carry_the_payment_date_the_api_user_and_empty_audit_columns(
    db: Engine,
) -> None:
    head = patient(db)
    child = patient(db, head)
    proc = procedure(db, child, "100.00", date(2024, 1, 5), ProvNum=2, ClinicNum=5)

    view = post(db, PatNum=head, PayAmt="129.99", PayDate="2024-05-02")

    pay_num = view.payment.PayNum
    first, second = rows(db, "paysplit", PayNum=pay_num)
    stamp = view.payment.SecDateTEdit
    assert first["SplitNum"] < second["SplitNum"]
    common = {
        "PayNum": pay_num,
        "ProcDate": NO_DATE,
        "IsDiscount": 0,
        "DiscountType": 0,
        "PayPlanNum": 0,
        "DatePay": date(2024, 5, 2),
        "DateEntry": stamp.date(),
        "SecUserNumEntry": 1,
        "SecDateTEdit": stamp,
        "FSplitNum": 0,
        "AdjNum": 0,
        "PayPlanChargeNum": 0,
        "PayPlanDebitType": 0,
        "SecurityHash": "",
    }
    assert first == {
        **common,
        "SplitNum": first["SplitNum"],
        "SplitAmt": 100.0,
        "PatNum": child,
        "ProvNum": 2,
        "ProcNum": proc,
        "UnearnedType": 0,
        "ClinicNum": 5,
    }
    assert second == {
        **common,
        "SplitNum": second["SplitNum"],
        "SplitAmt": 29.99,
        "PatNum": head,
        "ProvNum": 0,
        "ProcNum": 0,
        "UnearnedType": 283,
        "ClinicNum": 0,
    }


def test_split_nums_ascend_in_the_order_the_engine_gives(db: Engine) -> None:
    head = patient(db)
    procs = [procedure(db, head, "10.00", date(2024, m, 1)) for m in (5, 1, 3, 2, 4)]

    view = post(db, PatNum=head, PayAmt="45", procNums=[procs[0]])

    stored = rows(db, "paysplit", PayNum=view.payment.PayNum)
    assert [r["ProcNum"] for r in stored] == [procs[0], procs[1], procs[3], procs[2], procs[4]]
    assert splits_of(db, view)[-1] == split("5.00", head, 1, ProcNum=procs[4])


def test_the_security_log_row_names_patient_type_amount_and_developer(db: Engine) -> None:
    head = patient(db, LName="O'Neil", FName="Zoë")

    view = post(db, PatNum=head, PayAmt="-1234.5")

    assert rows(db, "securitylog", PatNum=head) == [
        {
            "SecurityLogNum": rows(db, "securitylog", PatNum=head)[0]["SecurityLogNum"],
            "PermType": 15,
            "UserNum": 1,
            "LogDateTime": view.payment.SecDateTEdit,
            "LogText": "Payment created for O'Neil, Zoë with payment type 'Check', amount"
            " '-$1,234.50' made by Acme Dental Apps through API.",
            "PatNum": head,
            "CompName": "odpay",
            "FKey": view.payment.PayNum,
            "LogSource": 23,
            "DefNum": 0,
            "DefNumError": 0,
            "DateTPrevious": NO_DATETIME,
        }
    ]


def test_the_clinic_shows_in_the_log_only_when_clinics_are_enabled(fresh_db: Engine) -> None:
    east = add(fresh_db, "clinic", Abbr="East", Description="East office")
    head = patient(fresh_db, LName="Lopez", FName="Ana", ClinicNum=east)

    post(fresh_db, PatNum=head, PayAmt="10")
    set_pref(fresh_db, "EasyNoClinics", "0")
    post(fresh_db, PatNum=head, PayAmt="20")
    post(fresh_db, PatNum=head, PayAmt="30", ClinicNum=0)

    assert [r["LogText"] for r in rows(fresh_db, "securitylog", PatNum=head)] == [
        "Payment created for Lopez, Ana with payment type 'Check', amount '$10.00' made by"
        " Acme Dental Apps through API.",
        "Payment created for Lopez, Ana with payment type 'Check', clinic 'East', amount"
        " '$20.00' made by Acme Dental Apps through API.",
        "Payment created for Lopez, Ana with payment type 'Check', amount '$30.00' made by"
        " Acme Dental Apps through API.",
    ]


def test_with_clinics_enabled_the_overpayment_split_takes_the_payment_clinic(
    fresh_db: Engine,
) -> None:
    east = add(fresh_db, "clinic", Abbr="East", Description="East office")
    set_pref(fresh_db, "EasyNoClinics", "0")
    head = patient(fresh_db)

    view = post(fresh_db, PatNum=head, PayAmt="10", ClinicNum=east)

    assert splits_of(fresh_db, view) == [split("10.00", head, 0, UnearnedType=283, ClinicNum=east)]


def test_a_payment_for_nothing_owed_is_one_unearned_split(db: Engine) -> None:
    head = patient(db)

    view = post(db, PatNum=head, PayAmt="129.99")

    assert splits_of(db, view) == [unearned("129.99", head)]


def test_splits_that_do_not_add_up_are_refused_before_anything_is_written() -> None:
    def new(amount: str) -> NewSplit:
        return NewSplit(SplitAmt=Decimal(amount), PatNum=1, DatePay=date(2024, 6, 1))

    use_case._check_splits([new("60.00"), new("40.00")], Decimal("100.00"))
    with pytest.raises(use_case.SplitsDoNotAddUp):
        use_case._check_splits([new("60.00"), new("39.99")], Decimal("100.00"))
    with pytest.raises(use_case.SplitsDoNotAddUp):
        use_case._check_splits([], Decimal("100.00"))
    with pytest.raises(use_case.SplitsDoNotAddUp):
        use_case._check_splits([new("100.00"), new("0.00")], Decimal("100.00"))
