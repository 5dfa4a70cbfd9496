"""ProcedureLogs GET (single and multiple) and DELETE.

Open Dental's page "API ProcedureLogs". A deleted procedure keeps its row with ProcStatus D, as
in Open Dental; its insurance estimates go with it. Messages are odpay wording.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine

from odpay.db.ledger.claimprocs import delete_estimates
from odpay.db.ledger.procedurelogs import (
    ProcedureRow,
    attachments,
    codes_by_num,
    get_procedure_row,
    search_procedures,
    update_procedure,
)
from odpay.db.locks import lock_row
from odpay.db.practice.cache import definition_names, get_patient
from odpay.db.practice.providers import provider_abbrs
from odpay.domain.enums import DefCat, ProcStat
from odpay.services.clock import office_now
from odpay.services.errors import ServiceError
from odpay.services.field_readers import read_date_time_query, read_name
from odpay.services.patient_checks import refuse_deleted
from odpay.services.query_params import lenient_int, page_of
from odpay.services.refusals import DELETE_NOT_TP_OR_C, PROCEDURE, PROCEDURE_ATTACHED
from odpay.services.transaction import family_transaction, read_transaction

_DELETABLE = frozenset({ProcStat.TP, ProcStat.TPi, ProcStat.C})


@dataclass(frozen=True, slots=True)
class ProcedureView:
    procedure: ProcedureRow
    priority_name: str  # ItemName of the TxPriorities definition, "" when 0 or missing
    prov_abbr: str
    dx_name: str  # ItemName of the Diagnosis definition
    proc_code: str  # procedurecode.ProcCode, "" when the code is missing
    descript: str


def procedure_views(conn: Connection, rows: list[ProcedureRow]) -> list[ProcedureView]:
    if not rows:
        return []
    priorities = definition_names(conn, DefCat.TxPriorities)
    diagnoses = definition_names(conn, DefCat.Diagnosis)
    providers = provider_abbrs(conn)
    codes = codes_by_num(conn, {p.CodeNum for p in rows})
    views = []
    for p in rows:
        code = codes.get(p.CodeNum)
        views.append(
            ProcedureView(
                p,
                priorities.get(p.Priority, ""),
                providers.get(p.ProvNum, ""),
                diagnoses.get(p.Dx, ""),
                code.ProcCode if code else "",
                code.Descript if code else "",
            )
        )
    return views


def stored_procedure(conn: Connection, proc_num: int) -> ProcedureView:
    return procedure_views(conn, [PROCEDURE.found(get_procedure_row(conn, proc_num))])[0]


def get_procedure(engine: Engine, proc_num: int) -> tuple[ProcedureView, datetime]:
    """GET /procedurelogs/{ProcNum}, and now for serverDateTime."""
    now = office_now()
    return read_transaction(engine, lambda conn: stored_procedure(conn, proc_num)), now


def list_procedures(engine: Engine, query: dict[str, str]) -> tuple[list[ProcedureView], datetime]:
    """GET /procedurelogs: every filter optional; `query` holds each parameter's first value."""
    status = None
    if query.get("ProcStatus", "") != "":
        status = read_name(ProcStat, query["ProcStatus"], "ProcStatus")
    changed_since = None
    if query.get("DateTStamp", "") != "":
        changed_since = read_date_time_query(query["DateTStamp"])
    keys = {
        name: lenient_int(query.get(name))
        for name in ("PatNum", "AptNum", "PlannedAptNum", "ClinicNum", "CodeNum")
    }
    page = page_of(query.get("Limit"), query.get("Offset"))
    now = office_now()

    def work(conn: Connection) -> list[ProcedureView]:
        return procedure_views(
            conn, search_procedures(conn, keys, status, changed_since, page.limit, page.offset)
        )

    return read_transaction(engine, work), now


def locked_procedure(
    conn: Connection, proc_num: int, missing: ServiceError | None = None
) -> ProcedureRow:
    """The procedure as read under its patient's family lock; the patient must not be Deleted.

    A missing procedure raises `missing` (default 404 `Procedure not found.`)."""
    found = lock_row(conn, get_procedure_row, proc_num)
    if found is None:
        raise missing or PROCEDURE.not_found.error()
    refuse_deleted(get_patient(conn, found.PatNum))
    return found


def delete_procedure(engine: Engine, proc_num: int | None) -> None:
    """DELETE /procedurelogs/{ProcNum}: TP, TPi or C procedures nothing else depends on."""
    proc_num = PROCEDURE.required_id(proc_num)

    def work(conn: Connection) -> None:
        stored = locked_procedure(conn, proc_num)
        if stored.ProcStatus not in _DELETABLE:
            raise DELETE_NOT_TP_OR_C.error()
        attached = attachments(conn, proc_num)
        for flag, what in (
            (attached.claim, "a claim"),
            (attached.insurance_payment, "an insurance payment"),
            (attached.patient_payment, "a patient payment"),
            (attached.adjustment, "an adjustment"),
            (attached.payment_plan, "a payment plan"),
        ):
            if flag:
                raise PROCEDURE_ATTACHED.error(what=what)
        delete_estimates(conn, proc_num)
        update_procedure(conn, proc_num, {"ProcStatus": ProcStat.D, "DateTStamp": office_now()})

    family_transaction(engine, work)
