"""The stored payment a write names (PUT, Partial, Refund), read under its family's lock.

Spec: payments.md §4.1 step 3, §5 steps 1–2, §6 steps 1–2: the lock is taken as the payment is
read, so a concurrent write for the family waits until this one commits.
"""

from sqlalchemy import Connection

from odpay.db.locks import lock_payment
from odpay.domain.records import Payment
from odpay.services import metrics
from odpay.services.refusals import PAYMENT


def locked_payment(conn: Connection, pay_num: int) -> Payment:
    """Payment `pay_num` with its family locked; 404 `Payment not found.` when there is none."""
    with metrics.family_lock_wait():
        return PAYMENT.found(lock_payment(conn, pay_num))
