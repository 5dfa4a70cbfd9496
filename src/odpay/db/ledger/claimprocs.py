"""`claimproc` rows for the ClaimProcs resource, and the estimates kept beside procedures."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, select

from odpay.db.rows import insert_row, page_of_rows, record_of, update_row
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


def get_claimproc_row(conn: Connection, claim_proc_num: int) -> ClaimProcRow | None:
    row = conn.execute(select(claimproc).where(claimproc.c.ClaimProcNum == claim_proc_num)).first()
    return record_of(ClaimProcRow, row) if row is not None else None


def search_claimprocs(
    conn: Connection, keys: Mapping[str, int], status: int | None, limit: int, offset: int
) -> list[ClaimProcRow]:
    """GET /claimprocs: `keys` (ProcNum, ClaimNum, PatNum, ClaimPaymentNum) filter when above
    0, `status` when not None."""
    also = () if status is None else (claimproc.c.Status == status,)
    return page_of_rows(conn, claimproc, ClaimProcRow, keys, *also, limit=limit, offset=offset)


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
