"""PUT /payments/{PayNum}/Partial: replace a payment's splits with the amounts the caller names.

Spec: payments.md §6 (validation §6.1, effects §6.2, log text §1.3), allocation.md §10.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine

from odpay.db.ledger.charge_plans import named_charges
from odpay.db.ledger.family import load_family_to_allocate, procedure_patients
from odpay.db.ledger.payments import (
    delete_splits,
    insert_splits,
    refund_exists,
    splits_of_payment,
    update_payment,
)
from odpay.db.practice.cache import get_patient, load_prefs
from odpay.domain.enums import PatientStatus, PayPlanChargeType
from odpay.domain.money import ZERO, amount_text, to_cents
from odpay.domain.outstanding import outstanding, partial_splits
from odpay.domain.records import NewSplit, Patient, Payment
from odpay.services.clock import office_now
from odpay.services.errors import refuse_unread_body
from odpay.services.inputs import ChargeAmount, PartialInput, ProcAmount
from odpay.services.keys import Key
from odpay.services.patient_checks import usable_patient
from odpay.services.payments.locked_payment import locked_payment
from odpay.services.refusals import (
    AMOUNT_NOT_POSITIVE,
    AMOUNT_REQUIRED,
    BODY_INVALID,
    CHARGE_NUM_REQUIRED,
    ITEM_INVALID,
    LISTED_TWICE,
    MORE_THAN_OWED,
    NOT_DYNAMIC,
    NOT_FAMILY,
    NOTHING_OWED,
    NOTHING_TO_PAY,
    PAYMENT,
    PROC_NUM_REQUIRED,
    REFUNDED,
    SUM_NOT_PAY_AMT,
)
from odpay.services.security_log import log_splits_replaced
from odpay.services.transaction import family_write
from odpay.services.views import PaymentView, payment_view


def partial_payment(engine: Engine, request: PartialInput, key: Key) -> PaymentView:
    """Replace the splits of payment `request.pay_num`; answer the payment (200).

    Steps 2–10 and every write run under the family lock of the payment's patient, so a
    concurrent POST for the family cannot pay the same charge in between.
    """
    pay_num = PAYMENT.required_id(request.pay_num)  # step 1
    return family_write(
        engine,
        lambda conn: _prepare(conn, pay_num, request),
        lambda conn, planned: _store(conn, planned, key),
    )


@dataclass(frozen=True, slots=True)
class _Planned:
    payment: Payment
    patient: Patient
    splits: list[NewSplit]
    now: datetime


def _prepare(conn: Connection, pay_num: int, request: PartialInput) -> _Planned:
    now = office_now()
    today = now.date()
    # Step 2 (and §6.2 step 1: the lock).
    payment = locked_payment(conn, pay_num)
    # Step 3. A payment whose patient row is gone is refused like an unknown patient.
    patient = usable_patient(get_patient(conn, payment.PatNum))
    # Step 4.
    refuse_unread_body(request.body_error)
    # Step 5.
    proc_items = request.procNumsAndAmounts or ()
    charge_items = request.payPlanChargeNumsAndAmounts or ()
    if not proc_items and not charge_items:
        raise NOTHING_TO_PAY.error()
    # Step 6.
    if refund_exists(conn, splits_of_payment(conn, pay_num)):
        raise REFUNDED.error()
    # Steps 7–8. The family is read under the lock, as the engine reads it (step 10 is the
    # engine's ledger: db/ledger/family.py `load_family_to_allocate`).
    family = load_family_to_allocate(conn, patient)
    members = {p.PatNum for p in family.members if p.PatStatus != PatientStatus.Deleted}
    procedures = _checked_procedures(conn, proc_items, members)
    charges = _checked_charges(conn, charge_items, members)
    # Step 9.
    if sum(a for _, a in procedures) + sum(a for _, a in charges) != payment.PayAmt:
        raise SUM_NOT_PAY_AMT.error()
    # Step 10.
    prefs = load_prefs(conn)
    owed = outstanding(family, prefs, today, leave_out_pay_num=pay_num)
    for proc_num, amount in procedures:
        _check_owed("ProcNum", proc_num, amount, owed.procedure(proc_num))
    for charge_num, amount in charges:
        _check_owed("PayPlanChargeNum", charge_num, amount, owed.charge(charge_num))

    new_splits = partial_splits(family, prefs, today, payment.PayDate, pay_num, procedures, charges)
    return _Planned(payment, patient, new_splits, now)


def _store(conn: Connection, planned: _Planned, key: Key) -> PaymentView:
    """§6.2 steps 2–4, and the payment as it is stored now."""
    payment, now, new_splits = planned.payment, planned.now, planned.splits
    pay_num = payment.PayNum
    delete_splits(conn, pay_num)
    insert_splits(conn, pay_num, new_splits, now.date(), key.UserNum, now)
    update_payment(conn, pay_num, SecDateTEdit=now)
    log_splits_replaced(
        conn,
        key,
        planned.patient,
        pay_num,
        len(new_splits),
        sum((s.SplitAmt for s in new_splits), ZERO),
        payment.SecDateTEdit,
        now,
    )
    return payment_view(conn, replace(payment, SecDateTEdit=now))


def _checked_procedures(
    conn: Connection, items: Sequence[ProcAmount], members: set[int]
) -> list[tuple[int, Decimal]]:
    """Step 7: the (ProcNum, Amount) pairs in array order, or the first item's refusal."""
    owners = procedure_patients(conn, (i.ProcNum for i in items if i.ProcNum))
    seen: set[int] = set()
    checked: list[tuple[int, Decimal]] = []
    for item in items:
        n = item.ProcNum
        if n is None or n <= 0:
            raise PROC_NUM_REQUIRED.error()
        if n not in owners:
            raise ITEM_INVALID.error(Field="ProcNum", Num=n)
        if owners[n] not in members:
            raise NOT_FAMILY.error(Field="ProcNum", Num=n)
        if n in seen:
            raise LISTED_TWICE.error(Field="ProcNum", Num=n)
        seen.add(n)
        checked.append((n, _amount(item.Amount, "ProcNum", n)))
    return checked


def _checked_charges(
    conn: Connection, items: Sequence[ChargeAmount], members: set[int]
) -> list[tuple[int, Decimal]]:
    """Step 8: the (PayPlanChargeNum, Amount) pairs in array order, or the first refusal."""
    found = named_charges(conn, (i.PayPlanChargeNum for i in items if i.PayPlanChargeNum))
    seen: set[int] = set()
    checked: list[tuple[int, Decimal]] = []
    for item in items:
        n = item.PayPlanChargeNum
        if n is None or n <= 0:
            raise CHARGE_NUM_REQUIRED.error()
        if n not in found:
            raise ITEM_INVALID.error(Field="PayPlanChargeNum", Num=n)
        plan = found[n].plan
        # A charge whose plan row is missing belongs to no dynamic plan either.
        if (
            plan is None
            or not plan.IsDynamic
            or plan.PlanNum != 0
            or found[n].ChargeType != PayPlanChargeType.Debit
        ):
            raise NOT_DYNAMIC.error(Num=n)
        if plan.PatNum not in members and plan.Guarantor not in members:
            raise NOT_FAMILY.error(Field="PayPlanChargeNum", Num=n)
        if n in seen:
            raise LISTED_TWICE.error(Field="PayPlanChargeNum", Num=n)
        seen.add(n)
        checked.append((n, _amount(item.Amount, "PayPlanChargeNum", n)))
    return checked


def _amount(text: str | None, field: str, n: int) -> Decimal:
    """An item's Amount in cents; omitted or not above zero after rounding is refused."""
    if text is None:
        raise AMOUNT_REQUIRED.error(Field=field, Num=n)
    try:
        cents: Decimal | None = to_cents(text.strip())
    except ValueError:
        cents = None
    if cents is None or not cents.is_finite():
        # HTTP refuses an Amount it cannot hold to the cent before the service runs.
        raise BODY_INVALID.error()
    if cents <= 0:
        raise AMOUNT_NOT_POSITIVE.error(Field=field, Num=n)
    return cents


def _check_owed(field: str, n: int, amount: Decimal, owed: Decimal) -> None:
    """Step 10 for one item: something must be owed, and no more than that may be paid."""
    if owed <= 0:
        raise NOTHING_OWED.error(Field=field, Num=n)
    if amount > owed:
        raise MORE_THAN_OWED.error(Field=field, Num=n, Owed=amount_text(owed))
