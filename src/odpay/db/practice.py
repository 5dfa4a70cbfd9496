"""Look-ups of practice-wide rows: preferences, definitions, patients, clinics, providers."""

from typing import Any

from sqlalchemy import Connection, select

from odpay.db.schema import clinic, definition, patient, preference, provider
from odpay.domain.prefs import Prefs
from odpay.domain.records import Definition, Patient, Provider


def load_prefs(conn: Connection) -> Prefs:
    rows = conn.execute(select(preference.c.PrefName, preference.c.ValueString))
    return Prefs.from_values({r.PrefName: r.ValueString for r in rows})


def get_definition(conn: Connection, def_num: int, category: int) -> Definition | None:
    """The definition `def_num` if it is in `category` (hidden ones included)."""
    row = conn.execute(
        select(definition).where(definition.c.DefNum == def_num, definition.c.Category == category)
    ).first()
    return definition_record(row) if row is not None else None


def definition_names(conn: Connection, category: int) -> dict[int, str]:
    """DefNum -> ItemName for every definition of `category`, hidden ones included."""
    rows = conn.execute(
        select(definition.c.DefNum, definition.c.ItemName).where(definition.c.Category == category)
    )
    return {int(r.DefNum): r.ItemName for r in rows}


def definitions_of(conn: Connection, category: int) -> tuple[Definition, ...]:
    rows = conn.execute(
        select(definition).where(definition.c.Category == category).order_by(definition.c.DefNum)
    )
    return tuple(definition_record(r) for r in rows)


def definition_record(row: Any) -> Definition:
    r = row
    return Definition(
        DefNum=int(r.DefNum),
        Category=int(r.Category),
        ItemName=r.ItemName,
        ItemValue=r.ItemValue,
        IsHidden=bool(r.IsHidden),
        ItemOrder=int(r.ItemOrder),
    )


def get_patient(conn: Connection, pat_num: int) -> Patient | None:
    row = conn.execute(select(*PATIENT_COLUMNS).where(patient.c.PatNum == pat_num)).first()
    return patient_record(row) if row is not None else None


PATIENT_COLUMNS = (
    patient.c.PatNum,
    patient.c.Guarantor,
    patient.c.PatStatus,
    patient.c.PriProv,
    patient.c.ClinicNum,
    patient.c.LName,
    patient.c.FName,
)


def patient_record(row: Any) -> Patient:
    r = row
    return Patient(
        PatNum=int(r.PatNum),
        Guarantor=int(r.Guarantor),
        PatStatus=int(r.PatStatus),
        PriProv=int(r.PriProv),
        ClinicNum=int(r.ClinicNum),
        LName=r.LName,
        FName=r.FName,
    )


def clinic_abbr(conn: Connection, clinic_num: int) -> str | None:
    """The clinic's Abbr, or None when there is no such clinic (hidden clinics count)."""
    row = conn.execute(select(clinic.c.Abbr).where(clinic.c.ClinicNum == clinic_num)).first()
    return None if row is None else str(row.Abbr)


def provider_exists(conn: Connection, prov_num: int) -> bool:
    row = conn.execute(select(provider.c.ProvNum).where(provider.c.ProvNum == prov_num)).first()
    return row is not None


def all_providers(conn: Connection) -> tuple[Provider, ...]:
    rows = conn.execute(
        select(
            provider.c.ProvNum, provider.c.Abbr, provider.c.ItemOrder, provider.c.IsHidden
        ).order_by(provider.c.ProvNum)
    )
    return tuple(Provider(int(r.ProvNum), r.Abbr, int(r.ItemOrder), bool(r.IsHidden)) for r in rows)
