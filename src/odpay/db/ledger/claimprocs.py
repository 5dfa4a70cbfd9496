"""`claimproc` rows for the ClaimProcs resource, and the estimates kept beside procedures."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, select

from odpay.db.rows import insert_row, record_of, update_row
from odpay.db.schema import claimproc
from odpay.domain.enums import ClaimProcStatus


@dataclass(frozen=True, slots=True)
class ClaimProcRow:
    """The columns the ClaimProcs resource shows (schema.md §3, `claimproc`)."""

    ClaimProcNum: int
    ProcNum: int
    ClaimNum: int
    PatNum: int
    ProvNum: int
    FeeBilled: Decimal
    InsPayEst: Decimal
    DedApplied: Decimal
    Status: int
    InsPayAmt: Decimal
    Remarks: str
    ClaimPaymentNum: int
    PlanNum: int
    DateCP: date
    WriteOff: Decimal
    CodeSent: str
    AllowedOverride: Decimal
    Percentage: int
    PercentOverride: int
    CopayAmt: Decimal
    NoBillIns: bool
    PaidOtherIns: Decimal
    BaseEst: Decimal
    CopayOverride: Decimal
    ProcDate: date
    DateEntry: date
    DedEst: Decimal
    DedEstOverride: Decimal
    InsEstTotal: Decimal
    InsEstTotalOverride: Decimal
    PaidOtherInsOverride: Decimal
    EstimateNote: str
    WriteOffEst: Decimal
    WriteOffEstOverride: Decimal
    ClinicNum: int
    InsSubNum: int
    PaymentRow: int
    PayPlanNum: int
    ClaimPaymentTracking: int
    SecUserNumEntry: int
    SecDateEntry: date
    SecDateTEdit: datetime
    DateSuppReceived: date
    DateInsFinalized: date
    IsTransfer: bool
    ClaimAdjReasonCodes: str


@dataclass(frozen=True, slots=True)
class ClaimProcSearch:
    """GET /claimprocs filters; 0 / None means no filter."""

    ProcNum: int = 0
    ClaimNum: int = 0
    PatNum: int = 0
    ClaimPaymentNum: int = 0
    Status: int | None = None


def get_claimproc_row(conn: Connection, claim_proc_num: int) -> ClaimProcRow | None:
    row = conn.execute(select(claimproc).where(claimproc.c.ClaimProcNum == claim_proc_num)).first()
    return record_of(ClaimProcRow, row) if row is not None else None


def search_claimprocs(
    conn: Connection, search: ClaimProcSearch, limit: int, offset: int
) -> list[ClaimProcRow]:
    statement = select(claimproc).order_by(claimproc.c.ClaimProcNum)
    for name in ("ProcNum", "ClaimNum", "PatNum", "ClaimPaymentNum"):
        if getattr(search, name) > 0:
            statement = statement.where(claimproc.c[name] == getattr(search, name))
    if search.Status is not None:
        statement = statement.where(claimproc.c.Status == search.Status)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(ClaimProcRow, r) for r in rows]


def estimates_of(conn: Connection, proc_num: int) -> list[ClaimProcRow]:
    """The procedure's insurance estimates: Status Estimate, on no claim."""
    rows = conn.execute(
        select(claimproc)
        .where(
            claimproc.c.ProcNum == proc_num,
            claimproc.c.Status == ClaimProcStatus.Estimate,
            claimproc.c.ClaimNum == 0,
        )
        .order_by(claimproc.c.ClaimProcNum)
    )
    return [record_of(ClaimProcRow, r) for r in rows]


def delete_estimates(conn: Connection, proc_num: int) -> None:
    conn.execute(
        delete(claimproc).where(
            claimproc.c.ProcNum == proc_num,
            claimproc.c.Status == ClaimProcStatus.Estimate,
            claimproc.c.ClaimNum == 0,
        )
    )


def insert_claimproc(conn: Connection, values: dict[str, Any]) -> int:
    return insert_row(conn, claimproc, values)


def update_claimproc(conn: Connection, claim_proc_num: int, values: dict[str, Any]) -> None:
    update_row(conn, claimproc, claim_proc_num, values)
