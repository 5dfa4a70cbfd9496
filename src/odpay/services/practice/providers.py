"""Providers GET (single and multiple), POST (create) and PUT (update).

Open Dental's page "API Providers". Its two documented texts are kept (`DateTStamp format must
be yyyy-MM-dd HH:mm:ss`, `Clinic not found`, both without a final period); the others are
odpay wording. odpay holds no fee schedules (FeeSched other than 0 is refused) and no
provider-clinic restrictions (with ClinicNum, every visible provider is listed).
"""

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.practice.cache import get_definition
from odpay.db.practice.clinics import get_clinic_row
from odpay.db.practice.definitions import first_definition
from odpay.db.practice.providers import ProviderRow as ProviderRow  # the record the routes write
from odpay.db.practice.providers import (
    abbr_taken,
    get_provider_row,
    insert_provider,
    list_provider_rows,
)
from odpay.db.practice.providers import (
    update_provider as update_provider_row,
)
from odpay.db.schema import provider
from odpay.domain.enums import DefCat, ProviderStatus
from odpay.services.clock import office_now
from odpay.services.errors import refuse_unread_body
from odpay.services.field_readers import (
    checked_text,
    not_supported,
    read_date,
    read_date_time_query,
)
from odpay.services.keys import Key
from odpay.services.parsing import read_bool
from odpay.services.query_params import lenient_int, page_of
from odpay.services.refusals import (
    ABBR_BLANK,
    ABBR_IN_USE,
    ABBR_REQUIRED,
    CLINIC_NOT_FOUND,
    NOT_PERSON_NAMED,
    PROVIDER,
    SPECIALTY_INVALID,
    SSN_HAS_DASHES,
)
from odpay.services.transaction import family_transaction, read_transaction

_TEXT = ("LName", "FName", "MI", "Suffix", "StateLicense", "SchedNote", "PreferredName")
_FLAGS = ("IsSecondary", "IsHidden", "UsingTIN", "SigOnFile", "IsNotPerson", "IsHiddenReport")
# Fields PUT may change (Open Dental's PUT list); POST takes them all.
_UPDATABLE = frozenset(
    {"Abbr", "FName", "LName", "MI", "Suffix", "PreferredName", "Specialty", "SigOnFile"}
    | {"NationalProvID", "NationalProvId", "StateLicense", "SSN", "UsingTIN"}
)


@dataclass(frozen=True, slots=True)
class ProviderInput:
    """The body of POST /providers and PUT /providers/{ProvNum}; None = not given.

    Open Dental's pages spell two fields twice: NationalProvID (POST) / NationalProvId (PUT),
    and Birthdate (example) / BirthDate (POST list); odpay takes either spelling.
    """

    prov_num: int | None = None
    body_error: str | None = None
    Abbr: str | None = None
    LName: str | None = None
    FName: str | None = None
    MI: str | None = None
    Suffix: str | None = None
    FeeSched: int | None = None
    Specialty: int | None = None
    SSN: str | None = None
    StateLicense: str | None = None
    IsSecondary: bool | str | None = None
    IsHidden: bool | str | None = None
    UsingTIN: bool | str | None = None
    SigOnFile: bool | str | None = None
    NationalProvID: str | None = None
    NationalProvId: str | None = None
    IsNotPerson: bool | str | None = None
    IsHiddenReport: bool | str | None = None
    Birthdate: str | None = None
    BirthDate: str | None = None
    SchedNote: str | None = None
    PreferredName: str | None = None


def _stored(conn: Connection, prov_num: int) -> ProviderRow:
    return PROVIDER.found(get_provider_row(conn, prov_num))


def get_provider(engine: Engine, prov_num: int) -> tuple[ProviderRow, datetime]:
    """GET /providers/{ProvNum}, and now for serverDateTime."""
    now = office_now()
    return read_transaction(engine, lambda conn: _stored(conn, prov_num)), now


def list_providers(
    engine: Engine, query: dict[str, str]
) -> tuple[list[ProviderRow], datetime | None]:
    """GET /providers; the time is None (serverDateTime "") when filtered by ClinicNum."""
    clinic_num = lenient_int(query.get("ClinicNum"))
    changed_since = None
    if query.get("DateTStamp", "") != "":
        changed_since = read_date_time_query(query["DateTStamp"])
    page = page_of(query.get("Limit"), query.get("Offset"))
    now = office_now()

    def work(conn: Connection) -> list[ProviderRow]:
        if clinic_num > 0 and get_clinic_row(conn, clinic_num) is None:
            raise CLINIC_NOT_FOUND.error()
        return list_provider_rows(conn, changed_since, clinic_num > 0, page.limit, page.offset)

    return read_transaction(engine, work), (None if clinic_num > 0 else now)


def create_provider(engine: Engine, request: ProviderInput, key: Key) -> ProviderRow:
    def work(conn: Connection) -> ProviderRow:
        if not (request.Abbr or "").strip():
            raise ABBR_REQUIRED.error()
        values = {"UsingTIN": True, **_field_values(conn, request, None)}
        if values.get("IsNotPerson") and (request.FName or request.MI):
            raise NOT_PERSON_NAMED.error()
        if "Specialty" not in values:
            found = first_definition(conn, DefCat.ProviderSpecialties)
            values["Specialty"] = found.DefNum if found else 0
        now = office_now()
        status = {"ProvStatus": ProviderStatus.Active, "DateTStamp": now}
        return _stored(conn, insert_provider(conn, {**values, **status}))

    return family_transaction(engine, work)


def update_provider(engine: Engine, request: ProviderInput, key: Key) -> ProviderRow:
    prov_num = PROVIDER.required_id(request.prov_num)

    def work(conn: Connection) -> ProviderRow:
        stored = _stored(conn, prov_num)
        refuse_unread_body(request.body_error)
        values = _field_values(conn, request, stored)
        changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
        if changed:
            update_provider_row(conn, prov_num, {**changed, "DateTStamp": office_now()})
        return _stored(conn, prov_num)

    return family_transaction(engine, work)


def _field_values(
    conn: Connection, request: ProviderInput, stored: ProviderRow | None
) -> dict[str, Any]:
    """Column values for the fields given, in the order of Open Dental's field list."""
    values: dict[str, Any] = {}
    for field in fields(request)[2:]:
        name, value = field.name, getattr(request, field.name)
        if value is None or (stored is not None and name not in _UPDATABLE):
            continue
        if name == "Abbr":
            abbr = value.strip()
            if not abbr:
                raise ABBR_BLANK.error()
            if abbr_taken(conn, abbr, stored.ProvNum if stored else 0):
                raise ABBR_IN_USE.error()
            values[name] = checked_text(provider, name, abbr)
        elif name in _TEXT:
            values[name] = checked_text(provider, name, value)
        elif name == "FeeSched":
            if value != 0:
                raise not_supported(name)
        elif name == "Specialty":
            category = DefCat.ProviderSpecialties
            if value != 0 and get_definition(conn, value, category) is None:
                raise SPECIALTY_INVALID.error()
            values[name] = value
        elif name == "SSN":
            if "-" in value:
                raise SSN_HAS_DASHES.error()
            values[name] = checked_text(provider, name, value)
        elif name in _FLAGS:
            values[name] = read_bool(value, name)
        elif name in ("NationalProvID", "NationalProvId"):
            values["NationalProvID"] = checked_text(provider, "NationalProvID", value)
        elif name in ("Birthdate", "BirthDate"):
            values["Birthdate"] = read_date(value, name)
    return values
