"""Shared set-up for the POST /payments service tests: the caller, spec dates, split rows."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.services.errors import BadRequest, NotFound
from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import create_payment
from odpay.services.views import PaymentView
from tests import factories
from tests.factories import KEY, rows


def post(db: Engine, **body: Any) -> PaymentView:
    return create_payment(db, PaymentInput(**body), KEY)


def written(db: Engine, *pat_nums: int) -> tuple[int, int, int]:
    """How many payment, paysplit and securitylog rows these patients have."""
    return (
        sum(len(rows(db, "payment", PatNum=p)) for p in pat_nums),
        sum(len(rows(db, "paysplit", PatNum=p)) for p in pat_nums),
        sum(len(rows(db, "securitylog", PatNum=p)) for p in pat_nums),
    )


def refused(db: Engine, pat_nums: tuple[int, ...], **body: Any) -> str:
    """The refusal's message (400 or 404); asserts that nothing was written for the family."""
    before = written(db, *pat_nums)
    with pytest.raises((BadRequest, NotFound)) as refusal:
        post(db, **body)
    assert written(db, *pat_nums) == before
    return refusal.value.message


def not_found(db: Engine, pat_nums: tuple[int, ...], **body: Any) -> str:
    before = written(db, *pat_nums)
    with pytest.raises(NotFound) as refusal:
        post(db, **body)
    assert written(db, *pat_nums) == before
    return refusal.value.message


def existing_split(db: Engine, PatNum: int, amount: str, **cols: Any) -> int:
    """A split already in the database (with its payment), as Open Dental may have left it."""
    cols.setdefault("DatePay", date(2024, 3, 1))
    cols.setdefault("ProvNum", 1)
    pay_num = factories.payment(db, PatNum, amount, PayDate=cols["DatePay"])
    return factories.split(db, pay_num, PatNum, amount, **cols)


def split(
    SplitAmt: str,
    PatNum: int,
    ProvNum: int,
    ProcNum: int = 0,
    AdjNum: int = 0,
    PayPlanNum: int = 0,
    PayPlanChargeNum: int = 0,
    PayPlanDebitType: int = 0,
    UnearnedType: int = 0,
    ClinicNum: int = 0,
) -> dict[str, Any]:
    """An expected split, in the columns the engine decides."""
    return {
        "SplitAmt": Decimal(SplitAmt),
        "PatNum": PatNum,
        "ProvNum": ProvNum,
        "ClinicNum": ClinicNum,
        "ProcNum": ProcNum,
        "AdjNum": AdjNum,
        "PayPlanNum": PayPlanNum,
        "PayPlanChargeNum": PayPlanChargeNum,
        "PayPlanDebitType": PayPlanDebitType,
        "UnearnedType": UnearnedType,
    }


def unearned(SplitAmt: str, PatNum: int) -> dict[str, Any]:
    """The overpayment split of the blank practice: ProvNum 0, Prepayment (283)."""
    return split(SplitAmt, PatNum, 0, UnearnedType=283)


def splits_of(db: Engine, view: PaymentView) -> list[dict[str, Any]]:
    """The stored splits of the payment, in SplitNum order, in the columns `split` names."""
    stored = rows(db, "paysplit", PayNum=view.payment.PayNum)
    return [
        {
            "SplitAmt": Decimal(repr(r["SplitAmt"])).quantize(Decimal("0.01")),
            **{k: r[k] for k in split("0", 0, 0) if k != "SplitAmt"},
        }
        for r in stored
    ]


def days(n: int) -> timedelta:
    return timedelta(days=n)
