"""update_payment(): payments.md §5 in order, writes only on change, one security-log row."""

from datetime import date

import pytest
from sqlalchemy import Engine

from odpay.services.errors import BadRequest, NotFound
from odpay.services.inputs import PaymentUpdate
from odpay.services.payments.update_payment import update_payment
from tests.factories import EDITED_AT, KEY, patient, payment, rows


def _refusal(db: Engine, update: PaymentUpdate) -> tuple[type, str]:
    with pytest.raises((BadRequest, NotFound)) as refused:
        update_payment(db, update, KEY)
    return type(refused.value), refused.value.message


@pytest.mark.parametrize("pay_num", [None, 0])
def test_an_id_is_required(db: Engine, pay_num: int | None) -> None:
    assert _refusal(db, PaymentUpdate(pay_num, body_error="Invalid JSON.")) == (
        BadRequest,
        "Payment ID is required.",
    )


def test_no_row_comes_before_a_deleted_patient_and_both_before_the_body(db: Engine) -> None:
    assert _refusal(db, PaymentUpdate(-1, body_error="Invalid JSON.")) == (
        NotFound,
        "Payment not found.",
    )
    deleted = payment(db, patient(db, PatStatus=4))
    assert _refusal(db, PaymentUpdate(deleted, body_error="Invalid JSON.")) == (
        BadRequest,
        "Patient has been deleted.",
    )
    pay_num = payment(db, patient(db))
    assert _refusal(db, PaymentUpdate(pay_num, body_error="Include a JSON resource.")) == (
        BadRequest,
        "Include a JSON resource.",
    )


def test_the_stored_date_checks_follow_the_field_checks(db: Engine) -> None:
    pay_num = payment(db, patient(db), PayDate=date(1879, 12, 31))
    assert _refusal(db, PaymentUpdate(pay_num, PayType=0)) == (BadRequest, "PayType cannot be 0.")
    assert _refusal(db, PaymentUpdate(pay_num)) == (BadRequest, "Invalid Payment Date")


def test_a_negative_paytype_leaves_it_unchanged(db: Engine) -> None:
    pay_num = payment(db, patient(db), PayType=0)
    view = update_payment(db, PaymentUpdate(pay_num, PayType=-5, PayNote="n"), KEY)
    assert (view.payment.PayType, view.pay_type_name, view.payment.PayNote) == (0, "", "n")


def test_an_edit_returns_the_stored_row_and_logs_definition_and_status_names(db: Engine) -> None:
    pat_num = patient(db, LName="Doe", FName="Jane")
    pay_num = payment(db, pat_num, ProcessStatus=1, BankBranch="x" * 25)
    view = update_payment(
        db,
        PaymentUpdate(pay_num, PayType=71, ProcessStatus="OnlinePending", CheckNum="c" * 25),
        KEY,
    )
    stored = rows(db, "payment", PayNum=pay_num)[0]
    assert (view.payment.PayType, view.pay_type_name, view.payment.ProcessStatus) == (
        71,
        "Credit Card",
        2,
    )
    assert view.payment.SecDateTEdit == stored["SecDateTEdit"] != EDITED_AT
    (log,) = rows(db, "securitylog", FKey=pay_num)
    assert (log["LogText"], log["PatNum"], log["DateTPrevious"], log["LogDateTime"]) == (
        "Payment edited for Doe, Jane"
        "\r\nPayType changed from 'Check' to 'Credit Card'."
        f"\r\nCheckNum changed from '' to '{'c' * 25}'."
        "\r\nProcessStatus changed from 'OnlineProcessed' to 'OnlinePending'."
        " by Acme Dental Apps through API.",
        pat_num,
        EDITED_AT,
        stored["SecDateTEdit"],
    )


def test_a_payment_whose_patient_row_is_gone_can_still_be_edited(db: Engine) -> None:
    pay_num = payment(db, 987654321)
    view = update_payment(db, PaymentUpdate(pay_num, PayNote="kept"), KEY)
    assert view.payment.PayNote == "kept"
    (log,) = rows(db, "securitylog", FKey=pay_num)
    assert log["LogText"] == (
        "Payment edited for , \r\nPayNote changed from '' to 'kept'. by Acme Dental Apps through API."
    )


def test_nothing_changed_means_nothing_written(db: Engine) -> None:
    pay_num = payment(db, patient(db), CheckNum="5", ProcessStatus=2)
    before = rows(db, "payment", PayNum=pay_num)
    view = update_payment(
        db, PaymentUpdate(pay_num, PayType=69, CheckNum="5", ProcessStatus="OnlinePending"), KEY
    )
    assert view.payment.SecDateTEdit == EDITED_AT
    assert rows(db, "payment", PayNum=pay_num) == before
    assert rows(db, "securitylog", FKey=pay_num) == []
