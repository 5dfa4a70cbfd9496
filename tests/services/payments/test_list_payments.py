"""list_payments(): the checks of payments.md §2 in order, the filters and the one "now"."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine

from odpay.services.clock import office_now
from odpay.services.errors import BadRequest, NotFound
from odpay.services.payments.list_payments import list_payments
from tests.factories import patient, payment

PAYTYPE_INVALID = "PayType is invalid. Must be a definition.DefNum where definition.Category=10."


def _listed(db: Engine, PatNum: str | None, **params: str | None) -> list[int]:
    views, _now = list_payments(
        db,
        PatNum,
        params.get("PayType"),
        params.get("DateEntry"),
        params.get("Limit"),
        params.get("Offset"),
    )
    return [v.payment.PayNum for v in views]


def test_views_carry_the_payment_type_name_and_now_is_read_once(db: Engine) -> None:
    pat_num = patient(db)
    pay_num = payment(db, pat_num, "12.50", PayType=70)
    before = office_now()
    views, now = list_payments(db, str(pat_num), None, None, None, None)
    after = office_now()
    assert [(v.payment.PayNum, v.payment.PayAmt, v.pay_type_name) for v in views] == [
        (pay_num, Decimal("12.50"), "Cash")
    ]
    assert before <= now <= after


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (4, "Patient has been deleted."),
        (3, "Patient has been archived."),
        (5, "Patient is deceased."),
    ],
)
def test_patient_statuses_that_refuse(db: Engine, status: int, message: str) -> None:
    pat_num = patient(db, PatStatus=status)
    with pytest.raises(BadRequest) as refused:
        _listed(db, str(pat_num))
    assert refused.value.message == message


def test_an_unknown_patient_is_not_found_before_anything_else(db: Engine) -> None:
    with pytest.raises(NotFound) as refused:
        _listed(db, "987654321", PayType="12345", DateEntry="bad")
    assert refused.value.message == "Patient not found."


def test_paytype_is_checked_before_dateentry(db: Engine) -> None:
    with pytest.raises(BadRequest) as refused:
        _listed(db, None, PayType="283", DateEntry="bad")
    assert refused.value.message == PAYTYPE_INVALID
    with pytest.raises(BadRequest) as refused:
        _listed(db, None, PayType="-7", DateEntry="2024-02-30")
    assert refused.value.message == "DateEntry format must be yyyy-MM-dd"


def test_absent_paytype_does_not_filter_but_empty_paytype_means_zero(db: Engine) -> None:
    pat_num = patient(db)
    check, transfer = payment(db, pat_num), payment(db, pat_num, PayType=0)
    assert _listed(db, str(pat_num)) == [check, transfer]
    assert _listed(db, str(pat_num), PayType="") == [transfer]
    assert _listed(db, str(pat_num), PayType=" 69 ") == [check]


def test_dateentry_with_a_time_ignores_the_time(db: Engine) -> None:
    pat_num = patient(db)
    payment(db, pat_num, DateEntry=date(2024, 3, 1))
    on = payment(db, pat_num, DateEntry=date(2024, 3, 2))
    assert _listed(db, str(pat_num), DateEntry="2024-03-02 23:59:59") == [on]
    assert _listed(db, str(pat_num), DateEntry="2024-03-02") == [on]


def test_pages_follow_paynum_order(db: Engine) -> None:
    pat_num = patient(db)
    pay_nums = [payment(db, pat_num) for _ in range(4)]
    assert _listed(db, str(pat_num), Limit="2", Offset="1") == pay_nums[1:3]
    assert _listed(db, str(pat_num), Limit="1000000", Offset="-1") == pay_nums
