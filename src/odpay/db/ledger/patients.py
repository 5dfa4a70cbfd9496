"""`patient` rows for the Patients resource: whole records, searches, inserts and updates."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, func, not_, or_, select

from odpay.db.rows import insert_row, record_of, update_row
from odpay.db.schema import clinic, patient
from odpay.domain.enums import PatientStatus


@dataclass(frozen=True, slots=True)
class PatientRow:
    """The columns the Patients resource shows or searches (schema.md §3, `patient`)."""

    PatNum: int
    LName: str
    FName: str
    MiddleI: str
    Preferred: str
    PatStatus: int
    Gender: int
    Position: int
    Birthdate: date
    SSN: str
    Address: str
    Address2: str
    City: str
    State: str
    Zip: str
    HmPhone: str
    WkPhone: str
    WirelessPhone: str
    Guarantor: int
    Email: str
    EstBalance: Decimal
    PriProv: int
    SecProv: int
    FeeSched: int
    BillingType: int
    ImageFolder: str
    FamFinUrgNote: str
    ChartNumber: str
    MedicaidID: str
    BalTotal: Decimal
    EmployerNum: int
    DateFirstVisit: date
    ClinicNum: int
    Premed: bool
    Ward: str
    PreferConfirmMethod: int
    PreferContactMethod: int
    PreferRecallMethod: int
    Language: str
    AdmitDate: date
    SiteNum: int
    DateTStamp: datetime
    SuperFamily: int
    TxtMsgOk: int
    SecDateEntry: date
    Country: str

    @property
    def family_guarantor(self) -> int:
        """The family key: a Guarantor of 0 means the patient is their own guarantor."""
        return self.Guarantor or self.PatNum


@dataclass(frozen=True, slots=True)
class PatientSearch:
    """GET /patients filters; text filters match any part, ignoring letter case."""

    LName: str = ""
    FName: str = ""
    Phone: str = ""  # digits, matched against each phone with its punctuation removed
    Address: str = ""
    City: str = ""
    State: str = ""
    SSN: str = ""
    ChartNumber: str = ""
    Email: str = ""
    Country: str = ""
    clinicAbbr: str = ""
    Birthdate: date | None = None
    SiteNum: int = 0
    clinicNums: tuple[int, ...] = ()
    hideInactive: bool = False
    guarOnly: bool = False
    showArchived: bool = False


def get_patient_row(conn: Connection, pat_num: int) -> PatientRow | None:
    row = conn.execute(select(patient).where(patient.c.PatNum == pat_num)).first()
    return record_of(PatientRow, row) if row is not None else None


def _contains(column: Any, text: str) -> ColumnElement[bool]:
    return func.lower(column).contains(text.lower(), autoescape=True)


def _digits(column: Any) -> Any:
    """The column with the usual phone punctuation removed, in SQL every engine speaks."""
    for mark in ("(", ")", "-", " ", "."):
        column = func.replace(column, mark, "", type_=String())
    return column


def search_patients(
    conn: Connection, search: PatientSearch, limit: int, offset: int
) -> list[PatientRow]:
    """Patients matching `search`, by LName, FName, PatNum (Open Dental's Patient Select
    order). Deleted patients never match; Archived and Deceased only with showArchived."""
    statement = select(patient).where(patient.c.PatStatus != PatientStatus.Deleted)
    for name in ("LName", "FName", "Address", "City", "State", "SSN", "ChartNumber", "Email"):
        if getattr(search, name):
            statement = statement.where(_contains(patient.c[name], getattr(search, name)))
    if search.Country:
        statement = statement.where(_contains(patient.c.Country, search.Country))
    if search.Phone:
        phones = (patient.c.HmPhone, patient.c.WkPhone, patient.c.WirelessPhone)
        statement = statement.where(or_(*(_digits(c).contains(search.Phone) for c in phones)))
    if search.clinicAbbr:
        abbr = select(clinic.c.ClinicNum).where(_contains(clinic.c.Abbr, search.clinicAbbr))
        statement = statement.where(patient.c.ClinicNum.in_(abbr))
    if search.Birthdate is not None:
        statement = statement.where(patient.c.Birthdate == search.Birthdate)
    if search.SiteNum > 0:
        statement = statement.where(patient.c.SiteNum == search.SiteNum)
    if search.clinicNums:
        statement = statement.where(patient.c.ClinicNum.in_(search.clinicNums))
    if search.hideInactive:
        statement = statement.where(patient.c.PatStatus != PatientStatus.Inactive)
    if search.guarOnly:
        statement = statement.where(
            or_(patient.c.Guarantor == patient.c.PatNum, patient.c.Guarantor == 0)
        )
    if not search.showArchived:
        hidden = (PatientStatus.Archived, PatientStatus.Deceased)
        statement = statement.where(not_(patient.c.PatStatus.in_(hidden)))
    statement = statement.order_by(patient.c.LName, patient.c.FName, patient.c.PatNum)
    rows = conn.execute(statement.limit(limit).offset(offset))
    return [record_of(PatientRow, r) for r in rows]


def family_members(conn: Connection, guarantor: int) -> list[int]:
    """PatNums of the family headed by `guarantor` (a Guarantor of 0 counts as oneself)."""
    rows = conn.execute(
        select(patient.c.PatNum)
        .where(
            or_(
                patient.c.Guarantor == guarantor,
                (patient.c.PatNum == guarantor) & (patient.c.Guarantor == 0),
            )
        )
        .order_by(patient.c.PatNum)
    )
    return [int(r.PatNum) for r in rows]


def find_duplicate(
    conn: Connection, LName: str, FName: str, Birthdate: date, Email: str, phones: Sequence[str]
) -> int | None:
    """A patient (not Deleted) with the same names and birthdate and the same email or one of
    the same phone numbers; None when there is none."""
    contacts = [patient.c.Email == Email] if Email else []
    for phone in (p for p in phones if p):
        contacts += [patient.c[c] == phone for c in ("HmPhone", "WkPhone", "WirelessPhone")]
    if not contacts:
        return None
    row = conn.execute(
        select(patient.c.PatNum).where(
            func.lower(patient.c.LName) == LName.lower(),
            func.lower(patient.c.FName) == FName.lower(),
            patient.c.Birthdate == Birthdate,
            patient.c.PatStatus != PatientStatus.Deleted,
            or_(*contacts),
        )
    ).first()
    return None if row is None else int(row.PatNum)


def insert_patient(conn: Connection, values: dict[str, Any]) -> int:
    return insert_row(conn, patient, values)


def update_patient(conn: Connection, pat_num: int, values: dict[str, Any]) -> None:
    update_row(conn, patient, pat_num, values)


def set_guarantor(conn: Connection, members: Sequence[int], guarantor: int) -> None:
    """Move `members` under `guarantor` (one statement)."""
    conn.execute(patient.update().where(patient.c.PatNum.in_(members)).values(Guarantor=guarantor))
