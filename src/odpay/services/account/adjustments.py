"""Adjustments GET, POST (create) and PUT (update), each write one transaction under the
patient's family lock.

Open Dental's page "API Adjustments": the rules (AdjType's "+"/"-" sets AdjAmt's sign, no future
AdjDate, a procedure of the same patient) are documented there; the messages are odpay wording.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.adjustments import (
    AdjustmentRow,
    adjustments_of,
    get_adjustment_row,
    insert_adjustment,
)
from odpay.db.ledger.adjustments import (
    update_adjustment as update_adjustment_row,
)
from odpay.db.ledger.procedurelogs import get_procedure_row
from odpay.db.locks import lock_family, lock_row
from odpay.db.practice.cache import definition_names, get_definition, get_patient
from odpay.db.practice.clinics import get_clinic_row
from odpay.db.practice.providers import get_provider_row
from odpay.domain.enums import DefCat, ProcStat
from odpay.domain.records import NO_DATE, Patient
from odpay.services.clock import office_now, office_today
from odpay.services.errors import refuse_unread_body
from odpay.services.field_readers import invalid, read_date
from odpay.services.keys import Key
from odpay.services.parsing import read_amount
from odpay.services.patient_checks import existing_patient, required_pat_num, usable_patient
from odpay.services.query_params import lenient_int, page_of
from odpay.services.refusals import (
    ADJ_AMT_NOT_NEGATIVE,
    ADJ_AMT_NOT_POSITIVE,
    ADJ_DATE_FUTURE,
    ADJ_TYPE_INVALID,
    ADJUSTMENT,
    FIELD_REQUIRED,
    PROC_NUM_OTHER_PATIENT,
    PROCEDURE_INVALID,
    PROV_NUM_INVALID,
)
from odpay.services.transaction import family_transaction, read_transaction


@dataclass(frozen=True, slots=True)
class AdjustmentView:
    adjustment: AdjustmentRow
    adj_type_name: str  # ItemName of the AdjTypes definition, "" when missing


@dataclass(frozen=True, slots=True)
class AdjustmentInput:
    """The body of POST /adjustments and PUT /adjustments/{AdjNum}; None = not given."""

    adj_num: int | None = None  # PUT: the ID in the URL
    body_error: str | None = None  # PUT: an empty or unreadable body, raised after look-up
    PatNum: int | None = None
    AdjType: int | None = None
    AdjAmt: str | None = None
    AdjDate: str | None = None
    ProvNum: int | None = None
    ProcNum: int | None = None
    ClinicNum: int | None = None
    ProcDate: str | None = None
    AdjNote: str | None = None


def adjustment_views(conn: Connection, rows: list[AdjustmentRow]) -> list[AdjustmentView]:
    names = definition_names(conn, DefCat.AdjTypes) if rows else {}
    return [AdjustmentView(r, names.get(r.AdjType, "")) for r in rows]


def _stored(conn: Connection, adj_num: int) -> AdjustmentView:
    return adjustment_views(conn, [ADJUSTMENT.found(get_adjustment_row(conn, adj_num))])[0]


def list_adjustments(engine: Engine, query: dict[str, str]) -> list[AdjustmentView]:
    """GET /adjustments?PatNum=…[&AdjType=…][&ProcNum=…]: one patient's adjustments."""
    pat_num = required_pat_num(lenient_int(query.get("PatNum")))
    adj_type, proc_num = lenient_int(query.get("AdjType")), lenient_int(query.get("ProcNum"))
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[AdjustmentView]:
        existing_patient(get_patient(conn, pat_num))
        rows = adjustments_of(conn, pat_num, adj_type, proc_num, page.limit, page.offset)
        return adjustment_views(conn, rows)

    return read_transaction(engine, work)


def _owner(conn: Connection, pat_num: int) -> Patient:
    return usable_patient(get_patient(conn, pat_num))


def create_adjustment(engine: Engine, request: AdjustmentInput, key: Key) -> AdjustmentView:
    def work(conn: Connection) -> AdjustmentView:
        pat_num = required_pat_num(request.PatNum)
        lock_family(conn, pat_num)
        owner = _owner(conn, pat_num)
        for name in ("AdjType", "AdjAmt", "AdjDate"):
            if getattr(request, name) in (None, ""):
                raise FIELD_REQUIRED.error(name=name)
        values = _field_values(conn, request, owner.PatNum, None)
        values.setdefault("ProvNum", owner.PriProv)
        values.setdefault("ClinicNum", owner.ClinicNum)
        values.setdefault("ProcDate", office_today())  # an attached procedure gave its own
        now = office_now()
        audit = {"DateEntry": now.date(), "SecUserNumEntry": key.UserNum, "SecDateTEdit": now}
        adj_num = insert_adjustment(conn, {**values, "PatNum": owner.PatNum, **audit})
        return _stored(conn, adj_num)

    return family_transaction(engine, work)


def update_adjustment(engine: Engine, request: AdjustmentInput, key: Key) -> AdjustmentView:
    adj_num = ADJUSTMENT.required_id(request.adj_num)

    def work(conn: Connection) -> AdjustmentView:
        stored = ADJUSTMENT.found(lock_row(conn, get_adjustment_row, adj_num))
        _owner(conn, stored.PatNum)
        refuse_unread_body(request.body_error)
        values = _field_values(conn, request, stored.PatNum, stored)
        changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
        if changed:
            update_adjustment_row(conn, adj_num, {**changed, "SecDateTEdit": office_now()})
        return _stored(conn, adj_num)

    return family_transaction(engine, work)


def _field_values(
    conn: Connection, request: AdjustmentInput, pat_num: int, stored: AdjustmentRow | None
) -> dict[str, Any]:
    """Column values for the fields given. PUT's order is Open Dental's PUT list (AdjDate,
    AdjAmt, AdjType, ...); POST's is its own list (AdjType, AdjAmt, AdjDate, ...)."""
    order = ("AdjType", "AdjAmt", "AdjDate") if stored is None else ("AdjDate", "AdjAmt", "AdjType")
    values: dict[str, Any] = {}
    for name in (*order, "ProvNum", "ProcNum", "ClinicNum", "ProcDate", "AdjNote"):
        value = getattr(request, name)
        if name == order[-1] and value is None:
            _check_sign(conn, values, stored)  # AdjType and AdjAmt are both known here
        if value is None or (stored is not None and name == "ProcDate"):
            continue  # PUT sets ProcDate only through ProcNum
        if name == "AdjType":
            values[name] = _adj_type(conn, value)
        elif name == "AdjAmt":
            values[name] = read_amount(value, name)
        elif name in ("AdjDate", "ProcDate"):
            values[name] = read_date(value, name)
            if name == "AdjDate" and values[name] == NO_DATE:
                raise invalid(name)
            if name == "AdjDate" and values[name] > office_today():
                raise ADJ_DATE_FUTURE.error()
        elif name == "ProvNum":
            prov = get_provider_row(conn, value) if value > 0 else None
            if prov is None or prov.IsHidden:
                raise PROV_NUM_INVALID.error()
            values[name] = value
        elif name == "ProcNum":
            values[name] = value
            if value != 0:
                values["ProcDate"] = _procedure_date(conn, value, pat_num)
        elif name == "ClinicNum":
            if value < 0 or (value > 0 and get_clinic_row(conn, value) is None):
                raise invalid(name)
            values[name] = value
        elif name == "AdjNote":
            values[name] = value
        if name == order[-1]:
            _check_sign(conn, values, stored)
    return values


def _adj_type(conn: Connection, def_num: int) -> int:
    found = get_definition(conn, def_num, DefCat.AdjTypes)
    if found is None or found.ItemValue not in ("+", "-"):
        raise ADJ_TYPE_INVALID.error()
    return def_num


def _check_sign(conn: Connection, values: dict[str, Any], stored: AdjustmentRow | None) -> None:
    """AdjAmt must follow its type: positive for "+", negative for "-"."""
    adj_type = values.get("AdjType", stored.AdjType if stored else 0)
    amount: Decimal = values.get("AdjAmt", stored.AdjAmt if stored else Decimal(0))
    found = get_definition(conn, adj_type, DefCat.AdjTypes)
    sign = found.ItemValue if found else ""
    if sign == "+" and amount <= 0:
        raise ADJ_AMT_NOT_POSITIVE.error()
    if sign == "-" and amount >= 0:
        raise ADJ_AMT_NOT_NEGATIVE.error()


def _procedure_date(conn: Connection, proc_num: int, pat_num: int) -> date:
    """The ProcDate of the patient's procedure `proc_num`, which the adjustment attaches to."""
    proc = get_procedure_row(conn, proc_num) if proc_num > 0 else None
    if proc is None or proc.ProcStatus == ProcStat.D:
        raise PROCEDURE_INVALID.error()
    if proc.PatNum != pat_num:
        raise PROC_NUM_OTHER_PATIENT.error()
    return proc.ProcDate
