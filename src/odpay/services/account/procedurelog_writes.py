"""ProcedureLogs POST (create) and PUT (update), checked in the order Open Dental's page lists
the fields, each one transaction under the patient's family lock.

Open Dental's page "API ProcedureLogs"; messages are odpay wording, except
`Completed procedures cannot be set for future dates.`, Open Dental's own text for the same
rule (preference FutureTransDatesAllowed). Appointments, sites and fee schedules are not held:
AptNum, PlannedAptNum and SiteNum other than the stored value are refused, and a new procedure
needs its ProcFee.
"""

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.adjustments import move_attached_proc_dates
from odpay.db.ledger.procedurelogs import (
    ProcCodeRow,
    ProcedureRow,
    code_named,
    get_code,
    has_paysplits,
    insert_procedure,
)
from odpay.db.ledger.procedurelogs import (
    update_procedure as update_procedure_row,
)
from odpay.db.locks import lock_family
from odpay.db.practice.cache import get_definition, get_patient, load_prefs, provider_exists
from odpay.db.practice.clinics import get_clinic_row
from odpay.db.practice.definitions import definition_named, first_definition
from odpay.db.practice.preferences import pref_value
from odpay.db.schema import procedurelog
from odpay.domain.enums import DefCat, PlaceOfService, ProcStat
from odpay.domain.records import NO_DATE
from odpay.services.account.insurance_estimates import refresh_estimates
from odpay.services.account.procedurelogs import ProcedureView, locked_procedure, stored_procedure
from odpay.services.account.treatment_area import tooth_values
from odpay.services.clock import office_now, office_today
from odpay.services.errors import refuse_unread_body
from odpay.services.field_readers import (
    checked_text,
    invalid,
    not_supported,
    read_date,
    read_money,
    read_name,
    read_time,
)
from odpay.services.keys import Key
from odpay.services.parsing import read_bool
from odpay.services.patient_checks import required_pat_num, usable_patient
from odpay.services.query_params import lenient_int
from odpay.services.refusals import (
    CODE_REQUIRED,
    COMPLETE_IN_FUTURE,
    FIELD_REQUIRED,
    FIELDS_BOTH_GIVEN,
    LOCKED_WHEN_COMPLETE,
    NOT_PROSTHESIS,
    PROC_FEE_REQUIRED,
    PROC_STATUS_HAS_PAYMENTS,
    PROCEDURE,
    PROCEDURE_HAS_BEEN_DELETED,
    TREATMENT_AREA_CHANGED,
)
from odpay.services.transaction import family_transaction

# The statuses a request may set (TPi and D are Open Dental's own).
_SETTABLE = frozenset({ProcStat.TP, ProcStat.C, ProcStat.EO, ProcStat.EC, ProcStat.R, ProcStat.Cn})
_PROSTHESIS = {"No": "", "": "", "I": "I", "R": "R"}
_DEFINITIONS = {
    "Priority": DefCat.TxPriorities,
    "Dx": DefCat.Diagnosis,
    "Prognosis": DefCat.Prognosis,
}
_NAMED = {"priority": "Priority", "dxName": "Dx"}  # names that set these DefNums
_PAIRED = {"Priority": "priority", "Dx": "dxName"}
_REQUIRED_TEXT = ("ProcDate", "ProcStatus", "procCode", "ProcFee")
_LOCKED_WHEN_COMPLETE = ("CodeNum", "procCode", "Discount", "ToothNum", "Surf", "ToothRange")


@dataclass(frozen=True, slots=True)
class ProcedureInput:
    """The body of POST /procedurelogs and PUT /procedurelogs/{ProcNum}; None = not given."""

    proc_num: int | None = None  # PUT: the ID in the URL
    body_error: str | None = None  # PUT: an empty or unreadable body, raised after look-up
    PatNum: int | None = None
    ProcDate: str | None = None
    ProcStatus: str | None = None
    CodeNum: int | None = None
    procCode: str | None = None
    AptNum: int | None = None
    ProcFee: str | None = None
    Priority: int | None = None
    priority: str | None = None
    ProvNum: int | None = None
    Dx: int | None = None
    dxName: str | None = None
    PlannedAptNum: int | None = None
    PlaceService: str | None = None
    Prosthesis: str | None = None
    DateOriginalProsth: str | None = None
    ClaimNote: str | None = None
    ClinicNum: int | None = None
    DateTP: str | None = None
    SiteNum: int | None = None
    ProcTime: str | None = None
    ProcTimeEnd: str | None = None
    Prognosis: int | None = None
    ToothNum: str | None = None
    Surf: str | None = None
    ToothRange: str | None = None
    BillingNote: str | None = None
    Discount: str | None = None
    IsDateProsthEst: bool | str | None = None


def create_procedure(engine: Engine, request: ProcedureInput, key: Key) -> ProcedureView:
    def work(conn: Connection) -> ProcedureView:
        pat_num = required_pat_num(request.PatNum)
        lock_family(conn, pat_num)
        owner = usable_patient(get_patient(conn, pat_num))
        values, code = _field_values(conn, request, None, None)
        assert code is not None  # required on POST, so _field_values found it
        for name, category in _DEFINITIONS.items():
            if name not in values:
                found = first_definition(conn, category)
                values[name] = found.DefNum if found else 0
        values.setdefault("ProvNum", owner.PriProv or load_prefs(conn).PracticeDefaultProv)
        values.setdefault("ClinicNum", owner.ClinicNum)
        values.setdefault("PlaceService", _place_of_service(conn, values["ClinicNum"]))
        now = office_now()
        values.setdefault("DateTP", now.date())
        complete = values["ProcStatus"] == ProcStat.C
        proc_num = insert_procedure(
            conn,
            {
                **values,
                "PatNum": owner.PatNum,
                "CodeNum": code.CodeNum,
                "BaseUnits": code.BaseUnits,
                "DateEntryC": now.date(),
                "DateComplete": now.date() if complete else NO_DATE,
                "SecUserNumEntry": key.UserNum,
                "SecDateEntry": now,
                "DateTStamp": now,
            },
        )
        return stored_procedure(conn, proc_num)

    return family_transaction(engine, work)


def update_procedure(engine: Engine, request: ProcedureInput, key: Key) -> ProcedureView:
    proc_num = PROCEDURE.required_id(request.proc_num)

    def work(conn: Connection) -> ProcedureView:
        stored = locked_procedure(conn, proc_num)
        if stored.ProcStatus == ProcStat.D:
            raise PROCEDURE_HAS_BEEN_DELETED.error()
        refuse_unread_body(request.body_error)
        values, code = _field_values(conn, request, stored, get_code(conn, stored.CodeNum))
        if code is not None and code.CodeNum != stored.CodeNum:
            values["CodeNum"] = code.CodeNum
        changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
        if not changed:
            return stored_procedure(conn, proc_num)
        today = office_today()
        if changed.get("ProcStatus") == ProcStat.C:
            changed.update(DateEntryC=today, DateComplete=today)
        elif "ProcStatus" in changed and stored.DateComplete == today:
            changed["DateComplete"] = NO_DATE  # the schema's rule for an undone completion
        now = office_now()
        update_procedure_row(conn, proc_num, {**changed, "DateTStamp": now})
        if "ProcDate" in changed:
            move_attached_proc_dates(conn, proc_num, changed["ProcDate"], now)
        refresh_estimates(conn, proc_num)
        return stored_procedure(conn, proc_num)

    return family_transaction(engine, work)


def _code(conn: Connection, request: ProcedureInput, stored: ProcedureRow | None) -> ProcCodeRow:
    """The procedure code named by CodeNum or procCode (only one may be given)."""
    if request.CodeNum is not None and request.procCode is not None:
        raise FIELDS_BOTH_GIVEN.error(name="CodeNum", p1="procCode")
    name = "CodeNum" if request.CodeNum is not None else "procCode"
    if request.CodeNum is not None:
        code = get_code(conn, request.CodeNum) if request.CodeNum > 0 else None
    else:
        code = code_named(conn, (request.procCode or "").strip())
    if code is None:
        raise invalid(name)
    if stored is not None:
        current = get_code(conn, stored.CodeNum)
        if current is not None and current.TreatArea != code.TreatArea:
            raise TREATMENT_AREA_CHANGED.error(name=name)
    return code


def _place_of_service(conn: Connection, clinic_num: int) -> int:
    """The clinic's default place of service, else preference DefaultProcedurePlaceService."""
    found = get_clinic_row(conn, clinic_num) if clinic_num > 0 else None
    if found is not None:
        return found.DefaultPlaceService
    return lenient_int(pref_value(conn, "DefaultProcedurePlaceService"))


def _definition(conn: Connection, name: str, value: int) -> int:
    if value != 0 and get_definition(conn, value, _DEFINITIONS[name]) is None:
        raise invalid(name)
    return value


def _field_values(
    conn: Connection, request: ProcedureInput, stored: ProcedureRow | None, code: ProcCodeRow | None
) -> tuple[dict[str, Any], ProcCodeRow | None]:
    """Column values for the fields given, checked in the documented order, and the code."""
    values: dict[str, Any] = {}
    is_complete = stored is not None and stored.ProcStatus == ProcStat.C
    for field in fields(request)[3:]:  # after proc_num, body_error and PatNum
        name, value = field.name, getattr(request, field.name)
        if value is None or (stored is None and value == "" and name in _REQUIRED_TEXT):
            _required(request, name, stored)
            continue
        if is_complete and name in _LOCKED_WHEN_COMPLETE and value != "":
            raise LOCKED_WHEN_COMPLETE.error(name=name)
        if name in ("CodeNum", "procCode"):
            if name == "CodeNum" or request.CodeNum is None:
                code = _code(conn, request, stored)
        elif name in ("ProcDate", "DateTP", "DateOriginalProsth"):
            values[name] = read_date(value, name)
            if name == "ProcDate" and values[name] == NO_DATE:
                raise invalid(name)
            if name == "DateOriginalProsth":
                _prosthesis_only(code, name, values[name], NO_DATE)
        elif name == "ProcStatus":
            values[name] = read_name(ProcStat, value, name, _SETTABLE)
            undone = is_complete and values[name] != ProcStat.C
            if undone and stored is not None and has_paysplits(conn, stored.ProcNum):
                raise PROC_STATUS_HAS_PAYMENTS.error()
        elif name in ("AptNum", "PlannedAptNum", "SiteNum"):
            if value != (getattr(stored, name) if stored else 0):
                raise not_supported(name)
        elif name in ("ProcFee", "Discount"):
            values[name] = read_money(value, name)
        elif name in _DEFINITIONS:
            if name in _PAIRED and getattr(request, _PAIRED[name]) is not None:
                raise FIELDS_BOTH_GIVEN.error(name=name, p1=_PAIRED[name])
            values[name] = _definition(conn, name, value)
        elif name in _NAMED:
            found = definition_named(conn, _DEFINITIONS[_NAMED[name]], value)
            if found is None:
                raise invalid(name)
            values[_NAMED[name]] = found.DefNum
        elif name == "ProvNum":
            if value <= 0 or not provider_exists(conn, value):
                raise invalid(name)
            values[name] = value
        elif name == "PlaceService":
            values[name] = read_name(PlaceOfService, value, name)
        elif name == "Prosthesis":
            if value not in _PROSTHESIS:
                raise invalid(name)
            values[name] = _prosthesis_only(code, name, _PROSTHESIS[value], "")
        elif name in ("ClaimNote", "BillingNote"):
            values[name] = checked_text(procedurelog, name, value)
        elif name == "ClinicNum":
            if value < 0 or (value > 0 and get_clinic_row(conn, value) is None):
                raise invalid(name)
            values[name] = value
        elif name in ("ProcTime", "ProcTimeEnd"):
            values[name] = read_time(value, name)
        elif name == "IsDateProsthEst":
            values[name] = read_bool(value, name)
        if name == "ProcStatus" or (name == "ProcDate" and request.ProcStatus is None):
            _check_future(conn, values, stored)
    values.update(tooth_values(request.ToothNum, request.Surf, request.ToothRange, code, stored))
    return values, code


def _required(request: ProcedureInput, name: str, stored: ProcedureRow | None) -> None:
    """POST: ProcDate, ProcStatus, a code and (odpay: no fee schedules) ProcFee."""
    if stored is not None:
        return
    if name in ("ProcDate", "ProcStatus"):
        raise FIELD_REQUIRED.error(name=name)
    if name == "procCode" and request.CodeNum is None:
        raise CODE_REQUIRED.error()
    if name == "ProcFee":
        raise PROC_FEE_REQUIRED.error()


def _prosthesis_only(code: ProcCodeRow | None, name: str, value: Any, empty: Any) -> Any:
    if value != empty and not (code is not None and code.IsProsth):
        raise NOT_PROSTHESIS.error(name=name)
    return value


def _check_future(conn: Connection, values: dict[str, Any], stored: ProcedureRow | None) -> None:
    status = values.get("ProcStatus", stored.ProcStatus if stored else None)
    proc_date: date | None = values.get("ProcDate", stored.ProcDate if stored else None)
    if status != ProcStat.C or proc_date is None or proc_date <= office_today():
        return
    if not load_prefs(conn).FutureTransDatesAllowed:
        raise COMPLETE_IN_FUTURE.error()
