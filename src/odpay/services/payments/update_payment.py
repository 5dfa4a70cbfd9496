"""PUT /payments/{PayNum}: change a payment's type, texts or processing status, nothing else.

Spec: payments.md §5 (D21, D23) and §1.3 (the security-log row).
"""

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.payments import get_payment
from odpay.db.ledger.payments import update_payment as update_payment_row
from odpay.db.practice.cache import get_definition, get_patient, load_prefs
from odpay.domain.enums import DefCat, ProcessStat
from odpay.domain.records import Patient, Payment
from odpay.services.clock import office_now
from odpay.services.enum_names import name_of
from odpay.services.errors import refuse_unread_body
from odpay.services.inputs import PaymentUpdate
from odpay.services.keys import Key
from odpay.services.parsing import TEXT_LIMIT, fits_text_column
from odpay.services.patient_checks import refuse_deleted
from odpay.services.payments.locked_payment import locked_payment
from odpay.services.refusals import (
    DATE_INVALID,
    FROM_OFFICE_PROCESSED,
    FUTURE_DATE,
    INCOME_TRANSFER,
    PAY_TYPE_HIDDEN,
    PAY_TYPE_INVALID,
    PAY_TYPE_ZERO,
    PAYMENT,
    PROCESS_STATUS_INVALID,
    TEXT_TOO_LONG,
    TO_OFFICE_PROCESSED,
)
from odpay.services.security_log import log_payment_edited
from odpay.services.transaction import family_transaction
from odpay.services.views import PaymentView, payment_view

EARLIEST_DATE = date(1880, 1, 1)
_PROCESS_STATUSES = {status.name: status for status in ProcessStat}


def update_payment(engine: Engine, request: PaymentUpdate, key: Key) -> PaymentView:
    # Step 1. An ID too long for 64 bits reaches here as one that matches no row.
    pay_num = PAYMENT.required_id(request.pay_num)

    def work(conn: Connection) -> PaymentView:
        stored = locked_payment(conn, pay_num)  # step 2
        patient = get_patient(conn, stored.PatNum) or Patient(stored.PatNum, stored.PatNum)
        refuse_deleted(patient)  # step 3
        refuse_unread_body(request.body_error)  # step 4
        wanted = replace(
            stored,
            PayType=_pay_type(conn, stored, request.PayType),
            CheckNum=_text(request.CheckNum, stored.CheckNum, "CheckNum", TEXT_LIMIT),
            BankBranch=_text(request.BankBranch, stored.BankBranch, "BankBranch", TEXT_LIMIT),
            PayNote=_text(request.PayNote, stored.PayNote, "PayNote", None),
            ProcessStatus=_process_status(stored, request.ProcessStatus),
        )
        _check_stored_date(conn, stored)
        changes = _changes(conn, stored, wanted)
        if changes:
            now = office_now()
            update_payment_row(conn, pay_num, **_changed_values(stored, wanted), SecDateTEdit=now)
            log_payment_edited(conn, key, patient, pay_num, changes, stored.SecDateTEdit, now)
        return payment_view(conn, get_payment(conn, pay_num) or wanted)

    return family_transaction(engine, work)


def _pay_type(conn: Connection, stored: Payment, value: int | None) -> int:
    """Step 5: omitted or negative leaves the stored PayType."""
    if value is None or value < 0:
        return stored.PayType
    if stored.PayType == 0:
        raise INCOME_TRANSFER.error()
    if value == 0:
        raise PAY_TYPE_ZERO.error()
    definition = get_definition(conn, value, DefCat.PaymentTypes)
    if definition is None:
        raise PAY_TYPE_INVALID.error()
    if definition.IsHidden:
        raise PAY_TYPE_HIDDEN.error()
    return value


def _text(value: str | None, stored: str, field: str, limit: int | None) -> str:
    """Step 6: a value present replaces the stored one; it is refused, never cut, when long."""
    if value is None:
        return stored
    if limit is not None and len(value) > limit:
        raise TEXT_TOO_LONG[field].error()
    if limit is None and not fits_text_column(value):
        raise TEXT_TOO_LONG[field].error()
    return value


def _process_status(stored: Payment, value: str | None) -> int:
    """Step 7: only OnlinePending <-> OnlineProcessed moves are possible."""
    if value is None:
        return stored.ProcessStatus
    status = _PROCESS_STATUSES.get(value)
    if status is None:
        raise PROCESS_STATUS_INVALID.error()
    if status == ProcessStat.OfficeProcessed:
        raise TO_OFFICE_PROCESSED.error()
    if stored.ProcessStatus == ProcessStat.OfficeProcessed:
        raise FROM_OFFICE_PROCESSED.error()
    return int(status)


def _check_stored_date(conn: Connection, stored: Payment) -> None:
    """Step 8: these run on every PUT, whether or not anything changes (D21)."""
    if stored.PayDate > office_now().date() and not load_prefs(conn).future_payments_allowed:
        raise FUTURE_DATE.error()
    if stored.PayDate < EARLIEST_DATE:
        raise DATE_INVALID.error()


_EDITABLE = ("PayType", "CheckNum", "BankBranch", "PayNote", "ProcessStatus")


def _changed_values(stored: Payment, wanted: Payment) -> dict[str, Any]:
    return {
        field: getattr(wanted, field)
        for field in _EDITABLE
        if getattr(wanted, field) != getattr(stored, field)
    }


def _changes(conn: Connection, stored: Payment, wanted: Payment) -> list[tuple[str, str, str]]:
    """Security-log lines in field order: PayType by definition name, ProcessStatus by
    enum name, the texts as they are."""
    changes = []
    for field in _changed_values(stored, wanted):
        old, new = getattr(stored, field), getattr(wanted, field)
        if field == "PayType":
            old, new = _pay_type_name(conn, old), _pay_type_name(conn, new)
        elif field == "ProcessStatus":
            old, new = name_of(ProcessStat, old), name_of(ProcessStat, new)
        changes.append((field, str(old), str(new)))
    return changes


def _pay_type_name(conn: Connection, pay_type: int) -> str:
    definition = get_definition(conn, pay_type, DefCat.PaymentTypes)
    return definition.ItemName if definition is not None else ""
