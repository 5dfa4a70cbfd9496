"""`adjustment` rows for the Adjustments resource."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, select, update

from odpay.db.rows import insert_row, page_of_rows, record_of, update_row
from odpay.db.schema import adjustment


@dataclass(frozen=True, slots=True)
class AdjustmentRow:
    """The columns the Adjustments resource shows (schema.md §3, `adjustment`)."""

    AdjNum: int
    AdjDate: date
    AdjAmt: Decimal
    PatNum: int
    AdjType: int
    ProvNum: int
    AdjNote: str
    ProcDate: date
    ProcNum: int
    DateEntry: date
    ClinicNum: int
    SecUserNumEntry: int
    SecDateTEdit: datetime


def get_adjustment_row(conn: Connection, adj_num: int) -> AdjustmentRow | None:
    row = conn.execute(select(adjustment).where(adjustment.c.AdjNum == adj_num)).first()
    return record_of(AdjustmentRow, row) if row is not None else None


def adjustments_of(
    conn: Connection, pat_num: int, adj_type: int, proc_num: int, limit: int, offset: int
) -> list[AdjustmentRow]:
    """The patient's adjustments by AdjNum; AdjType / ProcNum filter when above 0."""
    keys = {"AdjType": adj_type, "ProcNum": proc_num}
    of_patient = adjustment.c.PatNum == pat_num
    return page_of_rows(
        conn, adjustment, AdjustmentRow, keys, of_patient, limit=limit, offset=offset
    )


def insert_adjustment(conn: Connection, values: dict[str, Any]) -> int:
    return insert_row(conn, adjustment, values)


def update_adjustment(conn: Connection, adj_num: int, values: dict[str, Any]) -> None:
    update_row(conn, adjustment, adj_num, values)


def move_attached_proc_dates(
    conn: Connection, proc_num: int, proc_date: date, now: datetime
) -> None:
    """Adjustments attached to a procedure carry its ProcDate; keep them in step."""
    conn.execute(
        update(adjustment)
        .where(adjustment.c.ProcNum == proc_num, adjustment.c.ProcDate != proc_date)
        .values(ProcDate=proc_date, SecDateTEdit=now)
    )
