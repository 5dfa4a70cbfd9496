"""ClaimProcs GET (single and multiple), PUT for insurance estimates, and odpay's POST that
creates one (an extension: Open Dental's API has no way to add an estimate to a procedure).

Open Dental's page "API ClaimProcs". odpay holds no claims, insurance plans or claim payments,
so PUT changes only estimates (Status Estimate, no claim); the estimate is recomputed by odpay's
rule (domain/estimates.py) and sets the procedure's patient portion (allocation.md §2.1).
Messages are odpay wording except the documented refusals of Status and IsTransfer.
"""

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.claimprocs import (
    ClaimProcRow,
    get_claimproc_row,
    insert_claimproc,
    search_claimprocs,
)
from odpay.db.ledger.claimprocs import (
    update_claimproc as update_claimproc_row,
)
from odpay.db.ledger.procedurelogs import ProcedureRow, get_code
from odpay.db.locks import lock_row
from odpay.db.practice.cache import definition_names, get_definition, get_patient, provider_exists
from odpay.db.schema import claimproc
from odpay.domain.enums import ClaimProcStatus, DefCat, ProcStat
from odpay.domain.estimates import BLANK
from odpay.domain.records import NO_DATE
from odpay.services.account.insurance_estimates import recomputed
from odpay.services.account.procedurelogs import locked_procedure
from odpay.services.clock import office_now
from odpay.services.enum_names import name_of
from odpay.services.errors import refuse_unread_body
from odpay.services.field_readers import checked_text, invalid, read_money, read_name
from odpay.services.keys import Key
from odpay.services.parsing import read_amount, read_bool
from odpay.services.patient_checks import refuse_deleted
from odpay.services.query_params import lenient_int, page_of
from odpay.services.refusals import (
    CLAIMPROC,
    CLAIMPROC_IS_TRANSFER,
    CLAIMPROC_ON_CLAIM,
    CLAIMPROC_STATUS_LOCKED,
    ESTIMATE_NOT_TP_OR_C,
    FIELD_NEEDS_CLAIM,
    PROC_NUM_REQUIRED,
    PROCEDURE_INVALID,
    PROV_NUM_INVALID,
    STATUS_NOT_ESTIMATE,
)
from odpay.services.transaction import family_transaction, read_transaction

_NOT_UPDATABLE = frozenset(
    {
        ClaimProcStatus.Adjustment,
        ClaimProcStatus.InsHist,
        ClaimProcStatus.CapClaim,
        ClaimProcStatus.CapComplete,
        ClaimProcStatus.CapEstimate,
    }
)
_SETTABLE_STATUS = frozenset(
    {
        ClaimProcStatus.NotReceived,
        ClaimProcStatus.Received,
        ClaimProcStatus.Preauth,
        ClaimProcStatus.Supplemental,
        ClaimProcStatus.Estimate,
    }
)
_CLAIM_ONLY = ("FeeBilled", "DedApplied", "InsPayAmt", "ClaimPaymentNum", "WriteOff")
_OVERRIDES = (
    "CopayOverride",
    "DedEstOverride",
    "InsEstTotalOverride",
    "PaidOtherInsOverride",
    "WriteOffEstOverride",
)
_ESTIMATE_SOURCES = frozenset({ProcStat.TP, ProcStat.TPi, ProcStat.C})


@dataclass(frozen=True, slots=True)
class ClaimProcView:
    claimproc: ClaimProcRow
    claim_payment_tracking_name: str  # ItemName of the ClaimPaymentTracking definition


@dataclass(frozen=True, slots=True)
class ClaimProcInput:
    """PUT /claimprocs/{ClaimProcNum} and odpay's POST /claimprocs; None = not given.

    ProcNum, Percentage and WriteOffEst are read by the POST only.
    """

    claim_proc_num: int | None = None
    body_error: str | None = None
    ProcNum: int | None = None
    ProvNum: int | None = None
    FeeBilled: str | None = None
    DedApplied: str | None = None
    Status: str | None = None
    InsPayAmt: str | None = None
    Remarks: str | None = None
    ClaimPaymentNum: int | None = None
    WriteOff: str | None = None
    CodeSent: str | None = None
    Percentage: int | None = None
    PercentOverride: int | None = None
    NoBillIns: bool | str | None = None
    CopayOverride: str | None = None
    DedEstOverride: str | None = None
    InsEstTotalOverride: str | None = None
    PaidOtherInsOverride: str | None = None
    WriteOffEst: str | None = None
    WriteOffEstOverride: str | None = None
    ClaimPaymentTracking: int | None = None


def claimproc_views(conn: Connection, rows: list[ClaimProcRow]) -> list[ClaimProcView]:
    names = definition_names(conn, DefCat.ClaimPaymentTracking) if rows else {}
    return [ClaimProcView(r, names.get(r.ClaimPaymentTracking, "")) for r in rows]


def _stored(conn: Connection, claim_proc_num: int) -> ClaimProcView:
    return claimproc_views(conn, [CLAIMPROC.found(get_claimproc_row(conn, claim_proc_num))])[0]


def get_claimproc(engine: Engine, claim_proc_num: int) -> ClaimProcView:
    return read_transaction(engine, lambda conn: _stored(conn, claim_proc_num))


def list_claimprocs(engine: Engine, query: dict[str, str]) -> list[ClaimProcView]:
    status = None
    if query.get("Status", "") != "":
        status = read_name(ClaimProcStatus, query["Status"], "Status")
    keys = {
        name: lenient_int(query.get(name))
        for name in ("ProcNum", "ClaimNum", "PatNum", "ClaimPaymentNum")
    }
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[ClaimProcView]:
        return claimproc_views(conn, search_claimprocs(conn, keys, status, page.limit, page.offset))

    return read_transaction(engine, work)


def create_estimate(engine: Engine, request: ClaimProcInput, key: Key) -> ClaimProcView:
    """odpay's POST /claimprocs: an insurance estimate (Status Estimate, no claim, no plan)."""
    if not request.ProcNum or request.ProcNum <= 0:
        raise PROC_NUM_REQUIRED.error()
    proc_num = request.ProcNum

    def work(conn: Connection) -> ClaimProcView:
        proc = _locked_procedure(conn, proc_num)
        if proc.ProcStatus not in _ESTIMATE_SOURCES:
            raise ESTIMATE_NOT_TP_OR_C.error()
        now = office_now()
        code = get_code(conn, proc.CodeNum)
        start = {
            "ProcNum": proc.ProcNum,
            "PatNum": proc.PatNum,
            "ProvNum": proc.ProvNum,
            "ClinicNum": proc.ClinicNum,
            "ProcDate": proc.ProcDate,
            "Status": ClaimProcStatus.Estimate,
            "CodeSent": code.ProcCode if code else "",
            "AllowedOverride": BLANK,
            "DedEst": 0,
            "PaidOtherIns": 0,
            "DateEntry": NO_DATE,
            "SecUserNumEntry": key.UserNum,
            "SecDateEntry": now.date(),
            "SecDateTEdit": now,
        }
        values = _estimate_values(conn, request, None, start)
        claim_proc_num = insert_claimproc(conn, {**start, **values})
        return _stored(conn, claim_proc_num)

    return family_transaction(engine, work)


def update_claimproc(engine: Engine, request: ClaimProcInput, key: Key) -> ClaimProcView:
    claim_proc_num = CLAIMPROC.required_id(request.claim_proc_num)

    def work(conn: Connection) -> ClaimProcView:
        stored = CLAIMPROC.found(lock_row(conn, get_claimproc_row, claim_proc_num))
        refuse_deleted(get_patient(conn, stored.PatNum))
        refuse_unread_body(request.body_error)
        if stored.IsTransfer:
            raise CLAIMPROC_IS_TRANSFER.error()
        if stored.Status in _NOT_UPDATABLE or (
            stored.ClaimNum == 0 and stored.Status != ClaimProcStatus.Estimate
        ):
            status = name_of(ClaimProcStatus, stored.Status)
            raise CLAIMPROC_STATUS_LOCKED.error(status=status)
        if stored.ClaimNum > 0:
            raise CLAIMPROC_ON_CLAIM.error()
        values = _estimate_values(conn, request, stored, {})
        changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
        if changed:
            update_claimproc_row(conn, claim_proc_num, {**changed, "SecDateTEdit": office_now()})
        return _stored(conn, claim_proc_num)

    return family_transaction(engine, work)


def _locked_procedure(conn: Connection, proc_num: int) -> ProcedureRow:
    return locked_procedure(conn, proc_num, missing=PROCEDURE_INVALID.error())


def _estimate_values(
    conn: Connection, request: ClaimProcInput, stored: ClaimProcRow | None, start: dict[str, Any]
) -> dict[str, Any]:
    """Columns for the fields given (documented order), then the recomputed estimate."""
    posting = stored is None
    values: dict[str, Any] = {}
    for field in fields(request)[3:]:  # after claim_proc_num, body_error and ProcNum
        name, value = field.name, getattr(request, field.name)
        if value is None or (not posting and name in ("Percentage", "WriteOffEst")):
            continue
        if name == "ProvNum":
            if value <= 0 or not provider_exists(conn, value):
                raise PROV_NUM_INVALID.error()
            values[name] = value
        elif name in _CLAIM_ONLY:
            number = read_amount(value, name) if isinstance(value, str) else value
            if number != (getattr(stored, name) if stored else 0):
                raise FIELD_NEEDS_CLAIM.error(name=name)
        elif name == "Status":
            if (
                read_name(ClaimProcStatus, value, name, _SETTABLE_STATUS)
                != ClaimProcStatus.Estimate
            ):
                raise STATUS_NOT_ESTIMATE.error()
        elif name in ("Remarks", "CodeSent"):
            values[name] = checked_text(claimproc, name, value)
        elif name in ("Percentage", "PercentOverride"):
            if not -1 <= value <= 100:
                raise invalid(name)
            values[name] = value
        elif name == "NoBillIns":
            values[name] = read_bool(value, name)
        elif name in (*_OVERRIDES, "WriteOffEst"):
            values[name] = read_money(value, name, blank_allowed=True)
        elif name == "ClaimPaymentTracking":
            category = DefCat.ClaimPaymentTracking
            if value != 0 and get_definition(conn, value, category) is None:
                raise invalid(name)
            values[name] = value
    if values.get("NoBillIns"):
        # "remove all estimate and override field values"
        values.update({name: BLANK for name in (*_OVERRIDES, "WriteOffEst")}, PercentOverride=-1)
    proc_num = stored.ProcNum if stored else start["ProcNum"]
    return {**values, **recomputed(conn, proc_num, stored, {**start, **values})}
