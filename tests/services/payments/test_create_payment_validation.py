"""POST /payments refusals of payments.md §3.2 steps 2–6 (PayType, PatNum, the patient,
PayAmt, PayDate), in order, with nothing written. Steps 7–12: test_create_payment_options.py."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine

from odpay.services.clock import office_zone
from tests.factories import add, patient, set_pref
from tests.services.payments.payment_support import (
    not_found,
    post,
    refused,
)

INVALID_TYPE = "DefNum is invalid. Must be a definition.DefNum where definition.Category=10."
NO_SUCH_PATIENT = 10**12


def _family(db: Engine) -> tuple[int, int]:
    head = patient(db)
    return head, patient(db, head)


# Step 2: PayType


def test_an_omitted_or_zero_pay_type_takes_the_api_payment_type(db: Engine) -> None:
    head, _ = _family(db)

    assert post(db, PatNum=head, PayAmt="10").payment.PayType == 69
    assert post(db, PatNum=head, PayAmt="10", PayType=0).payment.PayType == 69
    assert post(db, PatNum=head, PayAmt="10", PayType=71).payment.PayType == 71


@pytest.mark.parametrize("pay_type", [283, 1, 987654, -69])
def test_a_pay_type_that_is_no_payment_type_is_refused(db: Engine, pay_type: int) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PatNum=head, PayAmt="10", PayType=pay_type) == INVALID_TYPE


def test_a_hidden_pay_type_is_refused(fresh_db: Engine) -> None:
    hidden = add(fresh_db, "definition", Category=10, ItemName="Old cards", IsHidden=1)
    head, _ = _family(fresh_db)

    assert refused(fresh_db, (head,), PatNum=head, PayAmt="10", PayType=hidden) == (
        "DefNum is hidden."
    )


def test_the_api_payment_type_preference_is_checked_like_a_given_pay_type(
    fresh_db: Engine,
) -> None:
    hidden = add(fresh_db, "definition", Category=10, ItemName="Old cards", IsHidden=1)
    head, _ = _family(fresh_db)

    set_pref(fresh_db, "ApiPaymentType", str(hidden))
    assert refused(fresh_db, (head,), PatNum=head, PayAmt="10") == "DefNum is hidden."
    set_pref(fresh_db, "ApiPaymentType", "283")
    assert refused(fresh_db, (head,), PatNum=head, PayAmt="10") == INVALID_TYPE


def test_the_pay_type_is_judged_before_anything_else(db: Engine) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PayType=283) == INVALID_TYPE
    assert refused(db, (head,), PatNum=NO_SUCH_PATIENT, PayType=283) == INVALID_TYPE


# Steps 3 and 4: PatNum and the patient


@pytest.mark.parametrize("pat_num", [None, 0, -5])
def test_a_missing_pat_num_is_refused(db: Engine, pat_num: int | None) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PatNum=pat_num, PayAmt="bad") == "PatNum is required."


def test_an_unknown_patient_is_not_found(db: Engine) -> None:
    head, _ = _family(db)

    assert not_found(db, (head,), PatNum=NO_SUCH_PATIENT, PayAmt="bad") == "Patient not found."


def test_a_deleted_patient_is_refused_but_archived_and_deceased_ones_pay(db: Engine) -> None:
    head = patient(db)
    deleted = patient(db, head, PatStatus=4)
    archived = patient(db, head, PatStatus=3)
    deceased = patient(db, head, PatStatus=5)

    assert refused(db, (head, deleted), PatNum=deleted, PayAmt="bad") == (
        "Patient has been deleted."
    )
    assert post(db, PatNum=archived, PayAmt="5").payment.PatNum == archived
    assert post(db, PatNum=deceased, PayAmt="5").payment.PatNum == deceased


# Step 5: PayAmt


@pytest.mark.parametrize("amount", [None, ""])
def test_a_missing_pay_amt_is_refused(db: Engine, amount: str | None) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PatNum=head, PayAmt=amount, PayDate="bad") == (
        "PayAmt is required."
    )


@pytest.mark.parametrize(
    "amount",
    ["NaN", "Infinity", "-Infinity", "$5", "12,5", "1,23", "1234,567", ",123", "1,", "1.2.3",
     " ", "abc", "1e", "e5", "1_000", "--1", "+-1", ".", "1 000", "0x10", "٣", "1e5.5",
     "10000000000000", "-10000000000000", "1e13", "9999999999999.995", "1,000,000,000,000,000",
     "1e99999999999999999999", "-1.5e13"],
)  # fmt: skip
def test_pay_amt_text_outside_the_grammar_or_too_large_is_invalid(db: Engine, amount: str) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PatNum=head, PayAmt=amount, PayDate="bad") == ("PayAmt is invalid.")


@pytest.mark.parametrize(
    "amount",
    ["0", "0.00", "-0", "0.004", "-0.005", "0e5", "1e-9", "0e99999999999999999999",
     "1e-99999999999999999999"],
)  # fmt: skip
def test_a_pay_amt_that_rounds_to_zero_is_refused(db: Engine, amount: str) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PatNum=head, PayAmt=amount, PayDate="bad") == (
        "PayAmt cannot be zero."
    )


@pytest.mark.parametrize(
    ("amount", "stored"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12.", "12.00"),
        (".5", "0.50"),
        (" 1,234.56 ", "1234.56"),
        ("+7", "7.00"),
        ("-25", "-25.00"),
        ("0.015", "0.02"),
        ("0.025", "0.02"),
        ("1.5e2", "150.00"),
        ("15E-1", "1.50"),
        ("9999999999999.99", "9999999999999.99"),
        ("1,000,000", "1000000.00"),
    ],
)
def test_pay_amt_is_read_and_rounded_half_to_even(db: Engine, amount: str, stored: str) -> None:
    head, _ = _family(db)

    assert str(post(db, PatNum=head, PayAmt=amount).payment.PayAmt) == stored


# Step 6: PayDate


@pytest.mark.parametrize(
    "text",
    ["bad", " ", "2024-13-01", "2024-02-30", "2024/02/30", "13/1/2024", "1879-12-31",
     "12/31/1879", "2024-06-01T25:00", "2024-06-01T10:61", "2024-06-01 10:00:60",
     "2024-6-1T10:00", "2024-06-01T10:00+05", "2024-06-01T10:00+05:75", "6/1/2024 13:00 PM",
     "6/1/2024 0:30 AM", "24-06-01", "2024-06-01Z", "2024.06.01", "June 1, 2024", "20240601",
     "2024-06-01T10:00 +01:00", "6/1/2024 10:00PM"],
)  # fmt: skip
def test_a_pay_date_outside_the_formats_is_invalid_without_a_period(db: Engine, text: str) -> None:
    head, _ = _family(db)

    assert refused(db, (head,), PatNum=head, PayAmt="5", PayDate=text, CheckNum="x" * 26) == (
        "PayDate is invalid"
    )


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2024-06-01", "2024-06-01"),
        ("2024-6-1", "2024-06-01"),
        ("2024/6/1", "2024-06-01"),
        ("6/1/2024", "2024-06-01"),
        (" 06/01/2024 ", "2024-06-01"),
        ("2024-06-01T10:30", "2024-06-01"),
        ("2024-06-01T10:30:15", "2024-06-01"),
        ("2024-06-01T10:30:15.1234567", "2024-06-01"),
        ("2024-06-01 23:59", "2024-06-01"),
        ("2024-06-01 23:59:59", "2024-06-01"),
        ("6/1/2024 9:05", "2024-06-01"),
        ("6/1/2024 9:05:07 PM", "2024-06-01"),
        ("6/1/2024 12:00 am", "2024-06-01"),
        ("1880-01-01", "1880-01-01"),
    ],
)
def test_a_pay_date_in_one_of_the_formats_is_stored_as_its_date(
    db: Engine, text: str, stored: str
) -> None:
    head, _ = _family(db)

    assert post(db, PatNum=head, PayAmt="5", PayDate=text).payment.PayDate.isoformat() == stored


def test_a_pay_date_with_an_offset_is_converted_to_the_office_zone(db: Engine) -> None:
    head, _ = _family(db)
    moment = datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=-11)))
    office = moment.astimezone(office_zone())

    for text in ("2024-03-01T23:30:00-11:00", "2024-03-01T23:30-11:00"):
        assert post(db, PatNum=head, PayAmt="5", PayDate=text).payment.PayDate == office.date()
    utc = datetime(2024, 3, 1, 23, 30, tzinfo=UTC).astimezone(office_zone())
    assert post(db, PatNum=head, PayAmt="5", PayDate="2024-03-01T23:30Z").payment.PayDate == (
        utc.date()
    )


def test_an_omitted_pay_date_is_today(db: Engine, spec_today: date) -> None:
    head, _ = _family(db)

    assert post(db, PatNum=head, PayAmt="5").payment.PayDate == spec_today
    assert post(db, PatNum=head, PayAmt="5", PayDate="").payment.PayDate == spec_today


def test_a_future_pay_date_is_refused_while_the_office_allows_none(
    db: Engine, spec_today: date
) -> None:
    head, _ = _family(db)

    for text in ("2024-06-16", "2024-06-15 00:00:01", "2024-06-15T23:59"):
        assert refused(db, (head,), PatNum=head, PayAmt="5", PayDate=text, CheckNum="x" * 26) == (
            "This office does not support future payments."
        )
    view = post(db, PatNum=head, PayAmt="5", PayDate="2024-06-15T00:00:00")
    assert view.payment.PayDate == spec_today


@pytest.mark.parametrize("pref", ["AccountAllowFutureDebits", "FutureTransDatesAllowed"])
def test_either_future_preference_lets_a_future_pay_date_through(
    fresh_db: Engine, pref: str, spec_today: date
) -> None:
    set_pref(fresh_db, pref, "1")
    head, _ = _family(fresh_db)

    view = post(fresh_db, PatNum=head, PayAmt="5", PayDate="2024-07-15 10:00")

    assert (view.payment.PayDate, view.payment.DateEntry) == (date(2024, 7, 15), spec_today)


def test_a_note_longer_than_a_text_column_holds_is_refused_on_every_engine(db: Engine) -> None:
    from odpay.services.errors import BadRequest
    from odpay.services.inputs import PaymentInput
    from odpay.services.keys import authorize, create_key
    from odpay.services.payments.create_payment import create_payment
    from tests.factories import patient as new_patient
    from tests.factories import rows

    create_key(db, "devNoteKey000001", "custNoteKey00001")
    key = authorize(db, "ODFHIR devNoteKey000001/custNoteKey00001", "ApiPayments")
    pat = new_patient(db)
    too_long = "é" * 32_768  # 65,536 bytes in UTF-8
    with pytest.raises(BadRequest) as refused:
        create_payment(db, PaymentInput(PayAmt="10", PatNum=pat, PayNote=too_long), key)
    assert refused.value.message == "PayNote is too long."
    assert rows(db, "payment", PatNum=pat) == []
    fits = create_payment(db, PaymentInput(PayAmt="10", PatNum=pat, PayNote="é" * 32_767), key)
    assert fits.payment.PayNote == "é" * 32_767
