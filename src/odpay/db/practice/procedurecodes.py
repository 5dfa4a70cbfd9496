"""`procedurecode` rows for the ProcedureCodes resource: the columns it shows, read and written."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from odpay.db.rows import insert_row, record_of, update_row
from odpay.db.schema import procedurecode
from odpay.domain.enums import DefCat

# definition.Category of procedure code categories (DefCat.ProcCodeCats, 11).
PROC_CODE_CATS = DefCat.ProcCodeCats


@dataclass(frozen=True, slots=True)
class ProcedureCodeRow:
    """The columns Open Dental's ProcedureCode JSON shows (schema.md §3, `procedurecode`)."""

    CodeNum: int
    ProcCode: str
    Descript: str
    AbbrDesc: str
    ProcTime: str
    ProcCat: int
    TreatArea: int
    NoBillIns: bool
    IsProsth: bool
    DefaultNote: str
    IsHygiene: bool
    AlternateCode1: str
    MedicalCode: str
    IsTaxed: bool
    PaintType: int
    LaymanTerm: str
    IsCanadianLab: bool
    BaseUnits: int
    SubstitutionCode: str
    SubstOnlyIf: int
    DateTStamp: datetime
    DrugNDC: str
    RevenueCodeDefault: str
    ProvNumDefault: int
    # Time units, not money: Open Dental's double, kept as read (never rounded to cents).
    CanadaTimeUnits: float
    IsRadiology: bool
    DefaultClaimNote: str
    DefaultTPNote: str
    PaintText: str
    AreaAlsoToothRange: bool
    DiagnosticCodes: str


def get_procedure_code_row(conn: Connection, code_num: int) -> ProcedureCodeRow | None:
    row = conn.execute(select(procedurecode).where(procedurecode.c.CodeNum == code_num)).first()
    return record_of(ProcedureCodeRow, row) if row is not None else None


def list_procedure_code_rows(
    conn: Connection, changed_since: datetime | None, limit: int, offset: int
) -> list[ProcedureCodeRow]:
    """Codes by CodeNum; `changed_since` keeps those with DateTStamp on or after it."""
    statement = select(procedurecode).order_by(procedurecode.c.CodeNum)
    if changed_since is not None:
        statement = statement.where(procedurecode.c.DateTStamp >= changed_since)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(ProcedureCodeRow, r) for r in rows]


def insert_procedure_code(conn: Connection, values: dict[str, Any]) -> int:
    return insert_row(conn, procedurecode, values)


def update_procedure_code(conn: Connection, code_num: int, values: dict[str, Any]) -> None:
    update_row(conn, procedurecode, code_num, values)
