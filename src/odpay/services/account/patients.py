"""Patients GET (single and multiple): the rows and the names shown beside them.

Open Dental's page "API Patients". EstBalance and BalTotal are the stored columns, which odpay
does not maintain (payments.md §1.4); `siteDesc` is always "" (odpay holds no sites).
"""

from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from odpay.db.ledger.patients import PatientRow, PatientSearch, get_patient_row, search_patients
from odpay.db.practice.cache import definition_names
from odpay.db.practice.clinics import clinic_abbrs
from odpay.db.practice.providers import provider_abbrs
from odpay.domain.enums import DefCat
from odpay.services.field_readers import invalid, not_supported, read_date
from odpay.services.patient_checks import existing_patient
from odpay.services.query_params import lenient_int, page_of, query_flag
from odpay.services.transaction import read_transaction


@dataclass(frozen=True, slots=True)
class PatientView:
    patient: PatientRow
    pri_prov_abbr: str  # "" when the provider is missing
    sec_prov_abbr: str
    billing_type_name: str  # ItemName of the BillingTypes definition, "" when missing
    clinic_abbr: str


def patient_views(conn: Connection, rows: list[PatientRow]) -> list[PatientView]:
    if not rows:
        return []
    providers = provider_abbrs(conn)
    clinics = clinic_abbrs(conn)
    billing = definition_names(conn, DefCat.BillingTypes)
    return [
        PatientView(
            p,
            providers.get(p.PriProv, ""),
            providers.get(p.SecProv, ""),
            billing.get(p.BillingType, ""),
            clinics.get(p.ClinicNum, ""),
        )
        for p in rows
    ]


def stored_patient(conn: Connection, pat_num: int) -> PatientView:
    """The patient as stored now, with its names (the row must exist)."""
    row = existing_patient(get_patient_row(conn, pat_num))
    return patient_views(conn, [row])[0]


def get_patient(engine: Engine, pat_num: int) -> PatientView:
    """GET /patients/{PatNum}: any status, Deleted included (Open Dental shows them too)."""
    return read_transaction(engine, lambda conn: stored_patient(conn, pat_num))


def list_patients(engine: Engine, query: dict[str, str]) -> list[PatientView]:
    """GET /patients: `query` holds the first value of each parameter given.

    SubscriberId and invoiceNumber need insurance subscribers and statements, which odpay does
    not hold: a non-empty value is refused rather than ignored.
    """
    for name in ("SubscriberId", "invoiceNumber"):
        if query.get(name, "").strip():
            raise not_supported(name)
    birthdate = None
    if query.get("Birthdate", "").strip():
        birthdate = read_date(query["Birthdate"], "Birthdate")
    clinic_nums: tuple[int, ...] = ()
    if query.get("clinicNums", "").strip():
        parts = [lenient_int(part) for part in query["clinicNums"].split(",")]
        if any(n <= 0 for n in parts):
            raise invalid("clinicNums")
        clinic_nums = tuple(parts)
    search = PatientSearch(
        **{
            name: query.get(name, "").strip()
            for name in (
                "LName",
                "FName",
                "Address",
                "City",
                "State",
                "SSN",
                "ChartNumber",
                "Email",
                "Country",
                "clinicAbbr",
            )
        },
        Phone="".join(c for c in query.get("Phone", "") if c.isdigit()),
        Birthdate=birthdate,
        SiteNum=lenient_int(query.get("SiteNum")),
        clinicNums=clinic_nums,
        hideInactive=query_flag(query.get("hideInactive")),
        guarOnly=query_flag(query.get("guarOnly")),
        showArchived=query_flag(query.get("showArchived")),
    )
    page = page_of(query.get("Limit"), query.get("Offset"))

    def work(conn: Connection) -> list[PatientView]:
        return patient_views(conn, search_patients(conn, search, page.limit, page.offset))

    return read_transaction(engine, work)
