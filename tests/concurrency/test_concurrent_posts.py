"""Many POST /payments for one family at the same moment, each on its own connection: the
family lock makes the outcome that of some serial order (allocation.md §11, §12.10)."""

from decimal import Decimal
from functools import partial

from sqlalchemy import Engine

from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import create_payment
from odpay.services.views import PaymentView
from tests.concurrency.busy_family import assert_serial_outcome, at_once, busy_family, requests_for
from tests.factories import KEY

REQUESTS = 24


def test_concurrent_posts_for_one_family_never_pay_a_charge_twice(db: Engine) -> None:
    family = busy_family(db)
    bodies = requests_for(family, REQUESTS)

    results = at_once(
        [
            partial(
                create_payment,
                db,
                PaymentInput(
                    PatNum=body["PatNum"],
                    PayAmt=body["PayAmt"],
                    isPatientPreferred=body.get("isPatientPreferred"),
                    procNums=tuple(body.get("procNums", ())),
                ),
                KEY,
            )
            for body in bodies
        ]
    )

    assert [type(r) for r in results] == [PaymentView] * REQUESTS
    assert sorted(r.payment.PayAmt for r in results) == sorted(Decimal(b["PayAmt"]) for b in bodies)
    assert_serial_outcome(db, family, [b["PayAmt"] for b in bodies])
