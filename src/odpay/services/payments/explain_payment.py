"""GET /odpay/v1/payments/{PayNum}/explanation (odpay extension): why a stored payment split
as it did.

Open Dental keeps no record of the options a payment was posted with, so the explanation is
the engine's own, replayed: the family as it is now without this payment's splits, the
payment's patient, amount, date and clinic, and today as the day it was entered. The options
are tried in a fixed order (none; patient preferred; each leading run of the stored
procedures as procNums; the stored plan named; a prepayment, with the stored plan or none) and
the first run whose splits equal the stored ones, column for column and in order, explains
them. When none does (splits changed by PUT Partial, a
refund, money entered in Open Dental, or a family changed since) the answer says so and each
split is described by what it is on. docs/decisions.md "Preview, explanation and console".
"""

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import get_payplan, load_family
from odpay.db.ledger.payments import get_payment, splits_of_payment
from odpay.db.practice.cache import load_prefs
from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.explanation import AllocationTrace, SplitReason, UnpaidCharge
from odpay.domain.records import NO_DATE, NewSplit, Payment, PaySplit
from odpay.services.errors import NotFound
from odpay.services.patient_checks import existing_patient
from odpay.services.transaction import read_transaction

_MOST_CHOSEN = 10  # leading runs of stored procedures tried as procNums


@dataclass(frozen=True, slots=True)
class StoredExplanation:
    """A stored payment's splits, each with the rule that made it (None when the engine does
    not reproduce the payment), the options that reproduced it, and what was left owing."""

    payment: Payment
    splits: list[tuple[PaySplit, SplitReason | None]]
    reproduced: bool
    options: dict[str, object]
    unpaid: list[UnpaidCharge]


def explain_payment(engine: Engine, pay_num: int) -> StoredExplanation:
    return read_transaction(engine, lambda conn: _explain(conn, pay_num))


def _explain(conn: Connection, pay_num: int) -> StoredExplanation:
    payment = get_payment(conn, pay_num)
    if payment is None:
        raise NotFound("Payment not found.")
    stored = splits_of_payment(conn, pay_num)
    family = existing_patient(load_family(conn, payment.PatNum))
    prefs = load_prefs(conn)
    before = replace(family, paysplits=tuple(s for s in family.paysplits if s.PayNum != pay_num))
    wanted = [_columns(s) for s in stored]
    # The day it was entered was its "today"; rows written without one fall back on PayDate.
    today = payment.DateEntry if payment.DateEntry != NO_DATE else payment.PayDate
    for options, request in _candidates(conn, payment, stored):
        trace = AllocationTrace()
        splits = auto_split(before, prefs, request, today, trace)
        if [_columns(s) for s in splits] == wanted:
            return StoredExplanation(
                payment, list(zip(stored, trace.reasons, strict=True)), True, options, trace.unpaid
            )
    return StoredExplanation(payment, [(s, None) for s in stored], False, {}, [])


def _candidates(
    conn: Connection, payment: Payment, stored: list[PaySplit]
) -> Iterator[tuple[dict[str, object], PaymentRequest]]:
    base = PaymentRequest(payment.PatNum, payment.PayAmt, payment.PayDate, payment.ClinicNum)
    yield {}, base
    yield {"isPatientPreferred": True}, replace(base, isPatientPreferred=True)
    chosen = tuple(dict.fromkeys(s.ProcNum for s in stored if s.ProcNum > 0 and s.PayPlanNum == 0))
    # Pay-first splits come first, so the chosen procedures are a leading run of them.
    for count in range(1, min(len(chosen), _MOST_CHOSEN) + 1):
        yield {"procNums": list(chosen[:count])}, replace(base, procNums=chosen[:count])
    plan_nums = {s.PayPlanNum for s in stored if s.PayPlanNum > 0}
    if len(plan_nums) == 1:
        plan = get_payplan(conn, plan_nums.pop())
        if plan is not None:
            named = replace(base, payPlanNum=plan.PayPlanNum, payPlanIsDynamic=plan.IsDynamic)
            yield {"payPlanNum": plan.PayPlanNum}, named
            yield (
                {"isPrepayment": True, "payPlanNum": plan.PayPlanNum},
                replace(named, isPrepayment=True),
            )
    if len(stored) == 1 and stored[0].UnearnedType > 0:
        yield {"isPrepayment": True}, replace(base, isPrepayment=True)


def _columns(split: NewSplit) -> tuple[Decimal | int, ...]:
    """The columns the engine decides (the rest are the service's)."""
    return (
        split.SplitAmt, split.PatNum, split.ProvNum, split.ClinicNum, split.ProcNum,
        split.AdjNum, split.PayPlanNum, split.PayPlanChargeNum, split.PayPlanDebitType,
        split.UnearnedType,
    )  # fmt: skip
