"""The securitylog texts of payments.md §1.3 and the rows that carry them.

Texts hold the patient's name (Open Dental's own audit trail does), but nothing here goes to
the process log.
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Connection

from odpay.db.security_log import SecurityLogEntry, insert_security_log
from odpay.domain.money import dollars_text
from odpay.domain.records import NO_DATETIME, Patient
from odpay.services.keys import Key

PAYMENT_CREATE = 15
PAYMENT_EDIT = 16


def _name(patient: Patient) -> str:
    return f"{patient.LName}, {patient.FName}"


def clinic_text(clinic_abbr: str | None) -> str:
    """`, clinic '{Abbr}'` when clinics are on and the payment has a clinic, else ''."""
    return f", clinic '{clinic_abbr}'" if clinic_abbr is not None else ""


def changed_lines(changes: Sequence[tuple[str, str, str]]) -> str:
    return "".join(f"\r\n{field} changed from '{old}' to '{new}'." for field, old, new in changes)


def payment_created(
    key: Key,
    patient: Patient,
    pay_type_name: str,
    clinic_abbr: str | None,
    amount: Decimal,
    now: datetime,
    refunded_pay_num: int = 0,
) -> SecurityLogEntry:
    """The row of POST /payments, or of POST /payments/Refund when `refunded_pay_num` is
    given; its FKey is the new payment's PayNum, which the insert gives it
    (db/ledger/payments.py `insert_payment`)."""
    head = "Refund payment created" if refunded_pay_num else "Payment created"
    refunding = f", refunding PayNum {refunded_pay_num}" if refunded_pay_num else ""
    text = (
        f"{head} for {_name(patient)} with payment type '{pay_type_name}'"
        f"{clinic_text(clinic_abbr)}, amount '{dollars_text(amount)}'{refunding}"
        f" made by {key.DeveloperName} through API."
    )
    return SecurityLogEntry(PAYMENT_CREATE, key.UserNum, patient.PatNum, text, now, NO_DATETIME)


def log_payment_edited(
    conn: Connection,
    key: Key,
    patient: Patient,
    pay_num: int,
    changes: Sequence[tuple[str, str, str]],
    previous: datetime,
    now: datetime,
    split_num: int = 0,
) -> None:
    """PUT /payments/{PayNum}, or PUT /paysplits/{SplitNum} when `split_num` is given."""
    edited = f"Paysplit {split_num}" if split_num else "Payment"
    what = f"{edited} edited for {_name(patient)}{changed_lines(changes)}"
    _log_payment_edit(conn, key, patient, pay_num, what, previous, now)


def log_splits_replaced(
    conn: Connection,
    key: Key,
    patient: Patient,
    pay_num: int,
    count: int,
    total: Decimal,
    previous: datetime,
    now: datetime,
) -> None:
    what = (
        f"Paysplits replaced for {_name(patient)} on PayNum {pay_num}: {count} paysplit(s)"
        f" totaling '{dollars_text(total)}'"
    )
    _log_payment_edit(conn, key, patient, pay_num, what, previous, now)


def _log_payment_edit(
    conn: Connection,
    key: Key,
    patient: Patient,
    pay_num: int,
    what: str,
    previous: datetime,
    now: datetime,
) -> None:
    """The PaymentEdit row of any change to a stored payment or its splits."""
    text = f"{what} by {key.DeveloperName} through API."
    entry = SecurityLogEntry(PAYMENT_EDIT, key.UserNum, patient.PatNum, text, now, previous)
    insert_security_log(conn, entry, pay_num)
