"""`clinic` rows for the Clinics resource, and the look-ups other resources make."""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from odpay.db.rows import record_of
from odpay.db.schema import clinic


@dataclass(frozen=True, slots=True)
class ClinicRow:
    """The columns the Clinics resource shows (schema.md §3, `clinic`)."""

    ClinicNum: int
    Description: str
    Address: str
    Address2: str
    City: str
    State: str
    Zip: str
    BillingAddress: str
    BillingAddress2: str
    BillingCity: str
    BillingState: str
    BillingZip: str
    PayToAddress: str
    PayToAddress2: str
    PayToCity: str
    PayToState: str
    PayToZip: str
    Phone: str
    Abbr: str
    IsHidden: bool
    DefaultPlaceService: int


def get_clinic_row(conn: Connection, clinic_num: int) -> ClinicRow | None:
    row = conn.execute(select(clinic).where(clinic.c.ClinicNum == clinic_num)).first()
    return record_of(ClinicRow, row) if row is not None else None


def visible_clinic_rows(conn: Connection, limit: int, offset: int) -> list[ClinicRow]:
    """Clinics that are not hidden, by ClinicNum."""
    statement = select(clinic).where(clinic.c.IsHidden == 0).order_by(clinic.c.ClinicNum)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(ClinicRow, r) for r in rows]


def clinic_abbrs(conn: Connection) -> dict[int, str]:
    """ClinicNum -> Abbr for every clinic, hidden ones included."""
    return {
        int(r.ClinicNum): r.Abbr for r in conn.execute(select(clinic.c.ClinicNum, clinic.c.Abbr))
    }
