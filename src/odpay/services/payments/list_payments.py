"""GET /payments: payments filtered by patient, type and entry date, one page at a time.

Spec: payments.md §2, wire-format.md §6 (paging) and §11 (serverDateTime).
"""

import re
from datetime import date, datetime, time

from sqlalchemy import Connection, Engine

from odpay.db.ledger.payments import page_of_payments
from odpay.db.practice.cache import get_definition, get_patient
from odpay.domain.enums import DefCat
from odpay.services.clock import office_now
from odpay.services.patient_checks import existing_patient
from odpay.services.query_params import lenient_int, page_of
from odpay.services.refusals import DATE_ENTRY_INVALID, PATIENT_STATUS_REFUSALS, PAY_TYPE_INVALID
from odpay.services.transaction import read_transaction
from odpay.services.views import PaymentView, payment_views

# yyyy-MM-dd, or yyyy-MM-dd HH:mm:ss whose time is ignored (D7).
_DATE_ENTRY = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?: (?P<H>[0-9]{2}):(?P<M>[0-9]{2}):(?P<S>[0-9]{2}))?",
    re.ASCII,
)


def list_payments(
    engine: Engine,
    PatNum: str | None,
    PayType: str | None,
    DateEntry: str | None,
    Limit: str | None,
    Offset: str | None,
) -> tuple[list[PaymentView], datetime]:
    """The page of payments and the "now" every item's serverDateTime shows.

    Parameters arrive as the query string gave them (None when absent).
    """

    def work(conn: Connection) -> tuple[list[PaymentView], datetime]:
        # Step 1: a PatNum of 0 or below (junk included) means no patient filter (D20).
        pat_num = lenient_int(PatNum)
        if pat_num > 0:
            _check_patient(conn, pat_num)
        # Step 2: absent or negative means no filter; junk counts as 0, income transfers.
        pay_type = None if PayType is None else lenient_int(PayType)
        if (
            pay_type is not None
            and pay_type > 0
            and get_definition(conn, pay_type, DefCat.PaymentTypes) is None
        ):
            raise PAY_TYPE_INVALID.error()
        entered_since = _date_entry(DateEntry)
        now = office_now()  # step 4: read once, before the query
        page = page_of(Limit, Offset)
        payments = page_of_payments(
            conn,
            pat_num if pat_num > 0 else None,
            pay_type if pay_type is not None and pay_type >= 0 else None,
            entered_since,
            page.limit,
            page.offset,
        )
        return payment_views(conn, payments), now

    return read_transaction(engine, work)


def _check_patient(conn: Connection, pat_num: int) -> None:
    patient = existing_patient(get_patient(conn, pat_num))
    refusal = PATIENT_STATUS_REFUSALS.get(patient.PatStatus)
    if refusal is not None:
        raise refusal.error()


def _date_entry(text: str | None) -> date | None:
    """Step 3: the DateEntry filter, None when absent or empty."""
    if not text:
        return None
    match = _DATE_ENTRY.fullmatch(text)
    try:
        if match is None:
            raise ValueError(text)
        found = date(int(match["y"]), int(match["m"]), int(match["d"]))
        if match["H"] is not None:
            time(int(match["H"]), int(match["M"]), int(match["S"]))  # a real time, then ignored
    except ValueError:
        raise DATE_ENTRY_INVALID.error() from None
    return found
