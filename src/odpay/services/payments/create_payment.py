"""POST /payments: check the body in Open Dental's order, split the amount, store it all.

Spec: payments.md §3 (validation §3.2, effects §3.3), allocation.md (the engine), §11 (lock).
"""

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine

from odpay.db.ledger.family import (
    LockedFamily,
    get_payplan,
    load_family_to_allocate,
    procedure_patients,
)
from odpay.db.ledger.payments import insert_payment
from odpay.db.locks import lock_payer
from odpay.db.practice.cache import clinic_abbr, get_definition, load_prefs
from odpay.domain.allocation import PaymentRequest, auto_split
from odpay.domain.enums import DefCat, PatientStatus, PaymentSource, ProcessStat
from odpay.domain.explanation import AllocationTrace
from odpay.domain.family import Family
from odpay.domain.prefs import Prefs
from odpay.domain.records import NO_DATE, Definition, NewSplit, Patient, Payment, PayPlan
from odpay.services import metrics
from odpay.services.clock import office_now
from odpay.services.errors import Refusal
from odpay.services.idempotency import IdempotencyRequest, idempotent_write
from odpay.services.inputs import PaymentInput
from odpay.services.keys import Key
from odpay.services.parsing import (
    TEXT_LIMIT,
    fits_text_column,
    read_amount,
    read_bool,
    read_pay_date,
)
from odpay.services.patient_checks import required_pat_num, usable_patient
from odpay.services.refusals import (
    BANK_BRANCH_TOO_LONG,
    CHECK_NUM_TOO_LONG,
    CLINIC_NUM_INVALID,
    DEF_NUM_HIDDEN,
    DEF_NUM_INVALID,
    FUTURE_PAYMENT,
    INSURANCE_PLAN,
    PAY_AMT_REQUIRED,
    PAY_AMT_ZERO,
    PAY_NOTE_TOO_LONG,
    PAYPLAN,
    PAYPLAN_IS_CLOSED,
    PREPAYMENT_NOT_DYNAMIC,
    PROC_NUM_INVALID,
)
from odpay.services.security_log import payment_created
from odpay.services.views import PaymentView, payment_view


class SplitsDoNotAddUp(RuntimeError):
    """The engine broke allocation.md §12.1; the transaction rolls back and the client gets 500."""


def create_payment(
    engine: Engine,
    request: PaymentInput,
    key: Key,
    idempotency: IdempotencyRequest | None = None,
) -> PaymentView:
    """Validate `request` (§3.2), allocate it (allocation.md) and store payment, splits and log.

    Everything runs under the family lock, which is taken as soon as the patient is known
    (step 4), so every later check and the ledger see the same rows the payment is written
    against (on SQLite: the same rows, or the payment is computed again under the lock; see
    `family_write`). With `idempotency` (odpay extension) a retry is answered before step 2
    with the payment it created, and nothing is written.
    """
    return idempotent_write(
        engine, plan_payment, _store, request, key, idempotency, metrics.payment_created
    )


@dataclass(frozen=True, slots=True)
class _Checked:
    """A request that passed §3.2, in the values the payment row and the engine take."""

    pay_type: Definition
    patient: Patient
    PayAmt: Decimal
    PayDate: date
    CheckNum: str
    PayNote: str
    BankBranch: str
    ClinicNum: int
    isPatientPreferred: bool
    isPrepayment: bool
    plan: PayPlan | None
    family: Family
    pay_first: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PlannedPayment:
    """What the use case will write: the checked request and the engine's splits."""

    checked: _Checked
    splits: list[NewSplit]
    now: datetime  # read once per attempt: today, DateEntry, SecDateTEdit, LogDateTime
    clinic_abbr: str | None  # for the log text: only when clinics are in use (step 5)


def plan_payment(
    conn: Connection, request: PaymentInput, trace: AllocationTrace | None = None
) -> PlannedPayment:
    """§3.2 and §3.3 steps 1–2: the checked request and its splits, nothing written. The
    preview (services/payments/preview_payment.py) runs this too, with a `trace`, in a read snapshot."""
    now = office_now()
    prefs = load_prefs(conn)
    checked = _validate(conn, request, prefs, now)  # §3.2; takes the family lock (§3.3 step 1)
    engine_request = _engine_request(checked)
    with metrics.allocation(checked.family):
        splits = auto_split(checked.family, prefs, engine_request, now.date(), trace)  # step 2
    _check_splits(splits, checked.PayAmt)
    clinic = None
    if prefs.clinics_enabled and checked.ClinicNum > 0:
        clinic = clinic_abbr(conn, checked.ClinicNum)
    return PlannedPayment(checked, splits, now, clinic)


def _store(conn: Connection, planned: PlannedPayment, key: Key) -> PaymentView:
    checked, now = planned.checked, planned.now
    row = _payment_row(checked, key, now)
    log = payment_created(
        key,
        checked.patient,
        checked.pay_type.ItemName,
        planned.clinic_abbr,
        checked.PayAmt,
        now,
    )  # fmt: skip  (step 5)
    pay_num = insert_payment(conn, row, planned.splits, log)  # steps 3–5
    return payment_view(conn, replace(row, PayNum=pay_num))  # step 6: the row as stored


def _engine_request(checked: _Checked) -> PaymentRequest:
    plan = checked.plan
    return PaymentRequest(
        PatNum=checked.patient.PatNum,
        PayAmt=checked.PayAmt,
        PayDate=checked.PayDate,
        ClinicNum=checked.ClinicNum,
        isPatientPreferred=checked.isPatientPreferred,
        isPrepayment=checked.isPrepayment,
        procNums=checked.pay_first,
        payPlanNum=plan.PayPlanNum if plan else 0,
        payPlanIsDynamic=plan.IsDynamic if plan else False,
    )


def _check_splits(splits: list[NewSplit], pay_amt: Decimal) -> None:
    """Allocation.md §12.1, checked before anything is written: never a payment without
    splits, never splits that do not add up."""
    if not splits or any(s.SplitAmt == 0 for s in splits):
        raise SplitsDoNotAddUp("the engine returned no splits or a zero split")
    if sum((s.SplitAmt for s in splits), Decimal("0.00")) != pay_amt:
        raise SplitsDoNotAddUp("the splits do not add up to PayAmt")


def _payment_row(checked: _Checked, key: Key, now: datetime) -> Payment:
    """The payment row of §3.3 step 3 (PayNum is chosen by the database)."""
    return Payment(
        PayNum=0,
        PayType=checked.pay_type.DefNum,
        PayDate=checked.PayDate,
        PayAmt=checked.PayAmt,
        PatNum=checked.patient.PatNum,
        CheckNum=checked.CheckNum,
        BankBranch=checked.BankBranch,
        PayNote=checked.PayNote,
        ClinicNum=checked.ClinicNum,
        DateEntry=now.date(),
        SecUserNumEntry=key.UserNum,
        SecDateTEdit=now,
        PaymentSource=PaymentSource.API,
        ProcessStatus=ProcessStat.OfficeProcessed,
        RecurringChargeDate=NO_DATE,
    )


def _validate(conn: Connection, request: PaymentInput, prefs: Prefs, now: datetime) -> _Checked:
    """§3.2 steps 2–12, in order; the first broken rule is the answer."""
    pay_type = _pay_type(conn, request.PayType, prefs)
    patient, locked = _patient(conn, request.PatNum)
    pay_amt = _pay_amt(request.PayAmt)
    pay_date = _pay_date(request.PayDate, prefs, now)
    check_num = _short_text(request.CheckNum, CHECK_NUM_TOO_LONG)
    pay_note = _note(request.PayNote)
    bank_branch = _short_text(request.BankBranch, BANK_BRANCH_TOO_LONG)
    clinic_num = _clinic_num(conn, request.ClinicNum, patient)
    is_patient_preferred = read_bool(request.isPatientPreferred, "isPatientPreferred")
    is_prepayment = read_bool(request.isPrepayment, "isPrepayment")
    plan = _pay_plan(conn, request.payPlanNum, is_prepayment)
    family = load_family_to_allocate(conn, patient, locked)
    pay_first = () if is_prepayment else _pay_first(conn, request.procNums or (), family)
    return _Checked(
        pay_type=pay_type,
        patient=patient,
        PayAmt=pay_amt,
        PayDate=pay_date,
        CheckNum=check_num,
        PayNote=pay_note,
        BankBranch=bank_branch,
        ClinicNum=clinic_num,
        isPatientPreferred=is_patient_preferred,
        isPrepayment=is_prepayment,
        plan=plan,
        family=family,
        pay_first=pay_first,
    )


def _pay_type(conn: Connection, pay_type: int | None, prefs: Prefs) -> Definition:
    """Step 2: omitted or 0 means the practice's API payment type."""
    def_num = pay_type or prefs.ApiPaymentType
    found = get_definition(conn, def_num, DefCat.PaymentTypes)
    if found is None:
        raise DEF_NUM_INVALID.error()
    if found.IsHidden:
        raise DEF_NUM_HIDDEN.error()
    return found


def _patient(conn: Connection, pat_num: int | None) -> tuple[Patient, LockedFamily | None]:
    """Steps 3–4, and what the lock read of the family with the patient (on servers). The
    family lock is taken here, before the patient is read: every later check and the ledger
    then see rows no other writer can change before we commit."""
    with metrics.family_lock_wait():
        found, locked = lock_payer(conn, required_pat_num(pat_num))
    return usable_patient(found), locked


def _pay_amt(text: str | None) -> Decimal:
    """Step 5 (D5): rounded to cents before the zero check; negative amounts are accepted."""
    if text is None or text == "":
        raise PAY_AMT_REQUIRED.error()
    amount = read_amount(text, "PayAmt")
    if amount == 0:
        raise PAY_AMT_ZERO.error()
    return amount


def _pay_date(text: str | None, prefs: Prefs, now: datetime) -> date:
    """Step 6 (D6). A time later than today's midnight counts as the future."""
    if text is None or text == "":
        return now.date()
    moment = read_pay_date(text)
    midnight = datetime.combine(now.date(), datetime.min.time())
    if not prefs.future_payments_allowed and moment > midnight:
        raise FUTURE_PAYMENT.error()
    return moment.date()


def _short_text(text: str | None, too_long: Refusal) -> str:
    """Step 7 (D23): the column holds 25 characters and odpay never cuts data."""
    if text is not None and len(text) > TEXT_LIMIT:
        raise too_long.error()
    return text or ""


def _note(text: str | None) -> str:
    """Step 7: PayNote is a text column; a note beyond what it holds is refused, not cut."""
    if text is not None and not fits_text_column(text):
        raise PAY_NOTE_TOO_LONG.error()
    return text or ""


def _clinic_num(conn: Connection, clinic_num: int | None, patient: Patient) -> int:
    """Step 8: omitted or negative keeps the patient's clinic; hidden clinics count."""
    if clinic_num is None or clinic_num < 0:
        return patient.ClinicNum
    if clinic_num > 0 and clinic_abbr(conn, clinic_num) is None:
        raise CLINIC_NUM_INVALID.error()
    return clinic_num


def _pay_plan(conn: Connection, pay_plan_num: int | None, is_prepayment: bool) -> PayPlan | None:
    """Step 11. Loaded by key alone: Open Dental checks no family or ownership here."""
    if pay_plan_num is None or pay_plan_num <= 0:
        return None
    plan = PAYPLAN.found(get_payplan(conn, pay_plan_num))
    if plan.PlanNum != 0:
        raise INSURANCE_PLAN.error()
    if plan.IsClosed:
        raise PAYPLAN_IS_CLOSED.error()
    if is_prepayment and not plan.IsDynamic:
        raise PREPAYMENT_NOT_DYNAMIC.error()
    return plan


def _pay_first(conn: Connection, proc_nums: tuple[int, ...], family: Family) -> tuple[int, ...]:
    """Step 12: each number must be a procedure; those of living family members are paid
    first, others are silently ignored. Status is not checked (the engine decides)."""
    owners = procedure_patients(conn, proc_nums)
    members = {m.PatNum for m in family.members if m.PatStatus != PatientStatus.Deleted}
    chosen: dict[int, None] = {}  # ordered, each ProcNum once
    for proc_num in proc_nums:
        if proc_num not in owners:
            raise PROC_NUM_INVALID.error(ProcNum=proc_num)
        if owners[proc_num] in members:
            chosen[proc_num] = None
    return tuple(chosen)
