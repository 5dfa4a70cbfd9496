"""A Partial and a POST on one family at the same moment never pay a procedure twice
(allocation.md §11, §12 invariant 10; payments.md §6.2 step 1)."""

import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import Engine

from odpay.services.errors import BadRequest
from odpay.services.inputs import PartialInput, PaymentInput, ProcAmount
from odpay.services.payments.create_payment import create_payment
from odpay.services.payments.partial_payment import partial_payment
from tests.factories import KEY, patient, payment, procedure, rows

ROUNDS = 20
PAID_ON = date(2024, 6, 1)


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls on their own threads, released together; each result or exception."""
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        start.wait()
        try:
            results[i] = call()
        except Exception as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _paid(db: Engine, proc_num: int) -> float:
    return float(sum(r["SplitAmt"] for r in rows(db, "paysplit", ProcNum=proc_num)))


def test_a_partial_and_a_post_for_one_family_never_over_allocate_a_procedure(
    db: Engine,
) -> None:
    for _ in range(ROUNDS):
        head = patient(db)
        child = patient(db, guarantor=head)
        older = procedure(db, child, "100.00", "2024-01-10")
        newer = procedure(db, head, "100.00", "2024-02-10")
        # A payment that already pays the newer procedure; Partial moves it to the older one
        # while a POST of the same amount looks for the oldest open charge.
        moved = payment(
            db, head, "100.00", [{"SplitAmt": "100.00", "ProcNum": newer, "ProvNum": 1}]
        )
        request = PartialInput(pay_num=moved, procNumsAndAmounts=(ProcAmount(older, "100"),))

        replaced, posted = _at_once(
            partial(partial_payment, db, request, KEY),
            partial(create_payment, db, PaymentInput(PayAmt="100", PatNum=head), KEY),
        )

        assert not isinstance(posted, Exception)
        assert _paid(db, older) == 100.0
        assert _paid(db, newer) == 100.0
        post_splits = [
            (r["SplitAmt"], r["ProcNum"])
            for r in rows(db, "paysplit", PayNum=posted.payment.PayNum)
        ]
        if isinstance(replaced, BadRequest):
            # The POST came first and paid the older procedure; nothing was left to move onto.
            assert replaced.message == f"ProcNum {older} does not have an outstanding charge."
            assert post_splits == [(100.0, older)]
        else:
            assert not isinstance(replaced, Exception)
            assert post_splits == [(100.0, newer)]
