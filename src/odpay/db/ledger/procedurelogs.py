"""`procedurelog` and `procedurecode` rows for the ProcedureLogs resource."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, exists, select

from odpay.db.rows import insert_row, page_of_rows, record_of, update_row
from odpay.db.schema import (
    adjustment,
    claimproc,
    payplancharge,
    payplanlink,
    paysplit,
    procedurecode,
    procedurelog,
)
from odpay.domain.enums import ClaimProcStatus, PayPlanLinkType


@dataclass(frozen=True, slots=True)
class ProcedureRow:
    """The columns the ProcedureLogs resource shows (schema.md §3, `procedurelog`)."""

    ProcNum: int
    PatNum: int
    AptNum: int
    ProcDate: date
    ProcFee: Decimal
    Surf: str
    ToothNum: str
    ToothRange: str
    Priority: int
    ProcStatus: int
    ProvNum: int
    Dx: int
    PlannedAptNum: int
    PlaceService: int
    Prosthesis: str
    DateOriginalProsth: date
    ClaimNote: str
    DateEntryC: date
    ClinicNum: int
    CodeNum: int
    UnitQty: int
    BaseUnits: int
    DateTP: date
    SiteNum: int
    HideGraphics: bool
    CanadianTypeCodes: str
    ProcTime: time
    ProcTimeEnd: time
    DateTStamp: datetime
    Prognosis: int
    IsLocked: bool
    BillingNote: str
    Discount: Decimal
    IsDateProsthEst: bool
    SecDateEntry: datetime
    DateComplete: date


@dataclass(frozen=True, slots=True)
class ProcCodeRow:
    CodeNum: int
    ProcCode: str
    Descript: str
    TreatArea: int
    IsProsth: bool
    BaseUnits: int
    AreaAlsoToothRange: bool


@dataclass(frozen=True, slots=True)
class ProcAttachments:
    """What keeps a procedure from being deleted (ProcedureLogs DELETE)."""

    claim: bool
    insurance_payment: bool
    patient_payment: bool
    adjustment: bool
    payment_plan: bool


def get_procedure_row(conn: Connection, proc_num: int) -> ProcedureRow | None:
    row = conn.execute(select(procedurelog).where(procedurelog.c.ProcNum == proc_num)).first()
    return record_of(ProcedureRow, row) if row is not None else None


def search_procedures(
    conn: Connection,
    keys: Mapping[str, int],
    status: int | None,
    changed_since: datetime | None,
    limit: int,
    offset: int,
) -> list[ProcedureRow]:
    """GET /procedurelogs: `keys` (PatNum, AptNum, PlannedAptNum, ClinicNum, CodeNum) filter
    when above 0, `status` and `changed_since` when not None."""
    also = []
    if status is not None:
        also.append(procedurelog.c.ProcStatus == status)
    if changed_since is not None:
        also.append(procedurelog.c.DateTStamp >= changed_since)
    return page_of_rows(conn, procedurelog, ProcedureRow, keys, *also, limit=limit, offset=offset)


def insert_procedure(conn: Connection, values: dict[str, Any]) -> int:
    return insert_row(conn, procedurelog, values)


def update_procedure(conn: Connection, proc_num: int, values: dict[str, Any]) -> None:
    update_row(conn, procedurelog, proc_num, values)


def get_code(conn: Connection, code_num: int) -> ProcCodeRow | None:
    row = conn.execute(select(procedurecode).where(procedurecode.c.CodeNum == code_num)).first()
    return record_of(ProcCodeRow, row) if row is not None else None


def code_named(conn: Connection, proc_code: str) -> ProcCodeRow | None:
    """The procedure code whose ProcCode is exactly `proc_code` (the lowest CodeNum if twice).

    Compared in Python: MariaDB's collation would also match other letter cases.
    """
    rows = conn.execute(
        select(procedurecode)
        .where(procedurecode.c.ProcCode == proc_code)
        .order_by(procedurecode.c.CodeNum)
    )
    found = (record_of(ProcCodeRow, r) for r in rows)
    return next((code for code in found if code.ProcCode == proc_code), None)


def codes_by_num(conn: Connection, code_nums: set[int]) -> dict[int, ProcCodeRow]:
    if not code_nums:
        return {}
    rows = conn.execute(select(procedurecode).where(procedurecode.c.CodeNum.in_(code_nums)))
    return {int(r.CodeNum): record_of(ProcCodeRow, r) for r in rows}


def _any(conn: Connection, table: Any, *where: Any) -> bool:
    return bool(conn.execute(select(exists().where(*where))).scalar())


def attachments(conn: Connection, proc_num: int) -> ProcAttachments:
    paid = (ClaimProcStatus.Received, ClaimProcStatus.Supplemental)
    cp = claimproc.c
    return ProcAttachments(
        claim=_any(conn, claimproc, cp.ProcNum == proc_num, cp.ClaimNum > 0),
        insurance_payment=_any(
            conn,
            claimproc,
            cp.ProcNum == proc_num,
            (cp.ClaimPaymentNum > 0) | cp.Status.in_(paid) | (cp.InsPayAmt != 0),
        ),
        patient_payment=_any(conn, paysplit, paysplit.c.ProcNum == proc_num),
        adjustment=_any(conn, adjustment, adjustment.c.ProcNum == proc_num),
        payment_plan=_any(conn, payplancharge, payplancharge.c.ProcNum == proc_num)
        or _any(
            conn,
            payplanlink,
            payplanlink.c.LinkType == PayPlanLinkType.Procedure,
            payplanlink.c.FKey == proc_num,
        ),
    )


def has_paysplits(conn: Connection, proc_num: int) -> bool:
    return _any(conn, paysplit, paysplit.c.ProcNum == proc_num)
