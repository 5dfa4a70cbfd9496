"""Many requests with one Idempotency-Key at the same moment, each on its own connection: one
payment (or refund) is written and every other request replays it (odpay extension;
docs/decisions.md "Idempotent retries")."""

import uuid

from sqlalchemy import Engine

from odpay.services.idempotency import idempotency_request
from odpay.services.inputs import PaymentInput, RefundInput
from odpay.services.payments.create_payment import create_payment
from odpay.services.payments.refund_payment import refund_payment
from odpay.services.views import PaymentView
from tests.concurrency.busy_family import at_once
from tests.factories import KEY, patient, procedure, rows

REQUESTS = 12


def _written(db: Engine, pat_num: int) -> tuple[int, int, int]:
    return (
        len(rows(db, "payment", PatNum=pat_num)),
        len(rows(db, "paysplit", PatNum=pat_num)),
        len(rows(db, "securitylog", PatNum=pat_num)),
    )


def _one_written_the_rest_replayed(results: list[object]) -> int:
    """All answers are the same payment; exactly one of them wrote it. Its PayNum."""
    assert [type(r) for r in results] == [PaymentView] * REQUESTS
    views = [r for r in results if isinstance(r, PaymentView)]
    assert len({v.payment.PayNum for v in views}) == 1
    assert sorted(v.replayed for v in views) == [False] + [True] * (REQUESTS - 1)
    return views[0].payment.PayNum


def test_simultaneous_posts_with_one_key_write_one_payment(db: Engine) -> None:
    pat_num = patient(db)
    procedure(db, pat_num, "100.00", "2024-01-05")
    body = f'{{"PayAmt": "60", "PatNum": {pat_num}}}'.encode()
    idempotency = idempotency_request(f"same-{uuid.uuid4()}", "POST", "/api/v1/payments", body)
    request = PaymentInput(PayAmt="60", PatNum=pat_num)

    results = at_once(
        [lambda: create_payment(db, request, KEY, idempotency) for _ in range(REQUESTS)]
    )

    pay_num = _one_written_the_rest_replayed(results)
    assert _written(db, pat_num) == (1, 1, 1)
    assert [r["PayNum"] for r in rows(db, "odpay_idempotency", PayNum=pay_num)] == [pay_num]


def test_simultaneous_refunds_with_one_key_write_one_refund(db: Engine) -> None:
    pat_num = patient(db)
    procedure(db, pat_num, "100.00", "2024-01-05")
    original = create_payment(db, PaymentInput(PayAmt="60", PatNum=pat_num), KEY).payment
    body = f'{{"PayNum": {original.PayNum}}}'.encode()
    idempotency = idempotency_request(f"same-{uuid.uuid4()}", "POST", "/api/v1/payments/Refund", body)  # fmt: skip
    request = RefundInput(PayNum=original.PayNum)

    results = at_once(
        [lambda: refund_payment(db, request, KEY, idempotency) for _ in range(REQUESTS)]
    )

    refund_num = _one_written_the_rest_replayed(results)
    assert refund_num != original.PayNum
    assert _written(db, pat_num) == (2, 2, 2)
