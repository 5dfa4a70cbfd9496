"""POST /payments/Refund: a new payment whose splits mirror and negate the original's.

Spec: payments.md §4 (validation §4.1, rows §4.2, log text §1.3).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import Connection, Engine

from odpay.db.ledger.payments import (
    copied_split_columns,
    insert_payment,
    refund_exists,
    splits_of_payment,
)
from odpay.db.practice.cache import clinic_abbr, get_patient, load_prefs
from odpay.domain.enums import PaymentSource
from odpay.domain.records import NO_DATE, Patient, Payment, PaySplit
from odpay.domain.refund import refund_splits
from odpay.services import metrics
from odpay.services.clock import office_now
from odpay.services.idempotency import IdempotencyRequest, idempotent_write
from odpay.services.inputs import RefundInput
from odpay.services.keys import Key
from odpay.services.patient_checks import usable_patient
from odpay.services.payments.locked_payment import locked_payment
from odpay.services.refusals import (
    ALREADY_REFUNDED,
    NEGATIVE_SPLITS,
    NO_SPLITS,
    ON_PAYMENT_PLAN,
    PAY_NUM_REQUIRED,
    SPLITS_NOT_PAY_AMT,
)
from odpay.services.security_log import payment_created
from odpay.services.views import PaymentView, payment_view


def refund_payment(
    engine: Engine,
    request: RefundInput,
    key: Key,
    idempotency: IdempotencyRequest | None = None,
) -> PaymentView:
    """Refund payment `request.PayNum` in full; answer the refund (201).

    Step 1 (the body) is HTTP's; steps 3–9 run under the family lock of the payment's
    patient, so two refunds of one payment cannot both pass step 9. With `idempotency` (odpay
    extension) a retry is answered before step 2 with the refund it created.
    """
    return idempotent_write(
        engine, _prepare, _store, request, key, idempotency, metrics.refund_created
    )


@dataclass(frozen=True, slots=True)
class _Planned:
    original: Payment
    patient: Patient
    splits: list[PaySplit]
    now: datetime


def _prepare(conn: Connection, request: RefundInput) -> _Planned:
    # Step 2.
    pay_num = request.PayNum
    if pay_num is None or pay_num <= 0:
        raise PAY_NUM_REQUIRED.error()
    now = office_now()
    # Step 3 (and §4.2 step 1: the lock).
    original = locked_payment(conn, pay_num)
    patient = _payment_patient(conn, original)
    splits = splits_of_payment(conn, pay_num)
    # Steps 5–9.
    if not splits:
        raise NO_SPLITS.error()
    if any(s.SplitAmt <= 0 for s in splits):
        raise NEGATIVE_SPLITS.error()
    if any(s.PayPlanNum > 0 for s in splits):
        raise ON_PAYMENT_PLAN.error()
    if sum(s.SplitAmt for s in splits) != original.PayAmt:
        raise SPLITS_NOT_PAY_AMT.error()
    if refund_exists(conn, splits):
        raise ALREADY_REFUNDED.error()
    return _Planned(original, patient, splits, now)


def _store(conn: Connection, planned: _Planned, key: Key) -> PaymentView:
    original, now = planned.original, planned.now
    today = now.date()
    row = _refund_row(original, key, today, now)
    view = payment_view(conn, row)  # PayNum still 0: the database gives it below
    log = payment_created(
        key,
        planned.patient,
        view.pay_type_name,
        _log_clinic(conn, row.ClinicNum),
        row.PayAmt,
        now,
        refunded_pay_num=original.PayNum,
    )
    refund_num = insert_payment(
        conn,
        row,
        refund_splits(planned.splits, today),
        log,
        copied=copied_split_columns(conn, original.PayNum),
    )
    return replace(view, payment=replace(row, PayNum=refund_num))  # the row as stored


def _payment_patient(conn: Connection, payment: Payment) -> Patient:
    """Step 4. A payment whose patient row is gone is refused like an unknown patient."""
    return usable_patient(get_patient(conn, payment.PatNum))


def _refund_row(original: Payment, key: Key, today: date, now: datetime) -> Payment:
    """The refund's payment row (§4.2 step 2, D8: check, bank and note are copied)."""
    return Payment(
        PayNum=0,
        PayType=original.PayType,
        PayDate=today,
        PayAmt=-original.PayAmt,
        PatNum=original.PatNum,
        CheckNum=original.CheckNum,
        BankBranch=original.BankBranch,
        PayNote=original.PayNote,
        ClinicNum=original.ClinicNum,
        DateEntry=today,
        SecUserNumEntry=key.UserNum,
        SecDateTEdit=now,
        PaymentSource=PaymentSource.None_,
        RecurringChargeDate=NO_DATE,
        IsSplit=original.IsSplit,
    )


def _log_clinic(conn: Connection, clinic_num: int) -> str | None:
    """The clinic's Abbr for the log text: only when clinics are enabled and one is named."""
    if clinic_num <= 0 or not load_prefs(conn).clinics_enabled:
        return None
    return clinic_abbr(conn, clinic_num)
