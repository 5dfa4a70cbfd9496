"""POST /odpay/v1/payments/preview (odpay extension): POST /payments without writing anything.

The same checks, in the same order and with the same texts, and the same engine run as
create_payment (its `plan_payment`), in a read snapshot that takes no lock; the answer is the
splits POST would store now, each with the rule that chose it, and the family's charges left
owing with the reason (domain/explanation.py). docs/decisions.md "Preview, explanation and
console".
"""

from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from odpay.db.locks import reading_ahead
from odpay.domain.explanation import AllocationTrace, SplitReason, UnpaidCharge
from odpay.domain.records import NewSplit
from odpay.services.inputs import PaymentInput
from odpay.services.payments.create_payment import plan_payment
from odpay.services.transaction import read_transaction


@dataclass(frozen=True, slots=True)
class ExplainedSplit:
    split: NewSplit
    reason: SplitReason


@dataclass(frozen=True, slots=True)
class PaymentExplanation:
    """The splits of a payment, each with its rule, and the charges the payment left owing."""

    splits: list[ExplainedSplit]
    unpaid: list[UnpaidCharge]


def preview_payment(engine: Engine, request: PaymentInput) -> PaymentExplanation:
    """What POST /payments with this body would store now; BadRequest/NotFound as POST."""
    return read_transaction(engine, lambda conn: _preview(conn, request))


def _preview(conn: Connection, request: PaymentInput) -> PaymentExplanation:
    # Reading ahead: lock_patient only notes the family's version instead of locking it,
    # as a SQLite POST does before it takes the write lock (services/transaction.py).
    reading_ahead(conn, {})
    trace = AllocationTrace()
    planned = plan_payment(conn, request, trace)
    explained = [ExplainedSplit(s, r) for s, r in zip(planned.splits, trace.reasons, strict=True)]
    return PaymentExplanation(explained, trace.unpaid)
