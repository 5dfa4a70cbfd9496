"""Patients POST (create) and PUT (update): fields checked in the order Open Dental's page lists
them, families kept whole, each write one transaction under the family lock.

Open Dental's page "API Patients" documents the fields but not the messages; the texts are odpay
wording. FeeSched, EmployerNum and SuperFamily name tables odpay does not hold (fee schedules,
employers) or a feature it does not model (super-families, D14): a value other than the stored
one is refused.
"""

import re
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.patients import (
    PatientRow,
    family_members,
    find_duplicate,
    get_patient_row,
    insert_patient,
    set_guarantor,
)
from odpay.db.ledger.patients import (
    update_patient as update_patient_row,
)
from odpay.db.locks import lock_family
from odpay.db.practice.cache import get_definition, load_prefs, provider_exists
from odpay.db.practice.clinics import get_clinic_row
from odpay.db.practice.definitions import definition_named
from odpay.db.practice.preferences import pref_value
from odpay.db.schema import patient
from odpay.domain.enums import (
    YN,
    ContactMethod,
    DefCat,
    PatientGender,
    PatientPosition,
    PatientStatus,
)
from odpay.domain.records import NO_DATE
from odpay.services.account.patients import PatientView, stored_patient
from odpay.services.clock import office_now
from odpay.services.errors import refuse_unread_body
from odpay.services.field_readers import checked_text, invalid, not_supported, read_date, read_name
from odpay.services.keys import Key
from odpay.services.parsing import read_bool
from odpay.services.patient_checks import usable_patient
from odpay.services.query_params import lenient_int
from odpay.services.refusals import (
    CHARTNUMBER_IS_TOO_LONG,
    DUPLICATE_PATIENT,
    FIELD_BLANK,
    FIELD_REQUIRED,
    GUARANTOR_AND_SUPER_FAMILY,
    GUARANTOR_INVALID,
    GUARANTOR_NOT_FAMILY_HEAD,
    GUARANTOR_TO_OTHER_MEMBER,
    HEAD_HAS_MEMBERS,
    PATIENT,
    URG_NOTE_NOT_GUARANTOR,
)
from odpay.services.transaction import family_transaction

# The API never sets Deleted: "Patients are only able to be deleted from Open Dental".
_SETTABLE_STATUS = frozenset(s for s in PatientStatus if s != PatientStatus.Deleted)
_ZIP = re.compile(r"[0-9]{5}|[0-9]{5}-[0-9]{4}|[0-9]{9}|[A-Za-z][0-9][A-Za-z] [0-9][A-Za-z][0-9]")
_PLAIN_TEXT = ("MiddleI", "Preferred", "SSN", "Address", "Address2", "City", "State")
_PHONES = ("HmPhone", "WkPhone", "WirelessPhone")
_CONTACT = ("PreferConfirmMethod", "PreferContactMethod", "PreferRecallMethod")


@dataclass(frozen=True, slots=True)
class PatientInput:
    """The body of POST /patients and PUT /patients/{PatNum}; None = not given."""

    pat_num: int | None = None  # PUT: the ID in the URL
    body_error: str | None = None  # PUT: a body that is empty or not JSON, raised after look-up
    LName: str | None = None
    FName: str | None = None
    MiddleI: str | None = None
    Preferred: str | None = None
    PatStatus: str | None = None
    Gender: str | None = None
    Position: str | None = None
    Birthdate: str | None = None
    SSN: str | None = None
    Address: str | None = None
    Address2: str | None = None
    City: str | None = None
    State: str | None = None
    Zip: str | None = None
    HmPhone: str | None = None
    WkPhone: str | None = None
    WirelessPhone: str | None = None
    Guarantor: int | None = None
    Email: str | None = None
    PriProv: int | None = None
    SecProv: int | None = None
    FeeSched: int | None = None
    BillingType: str | None = None
    FamFinUrgNote: str | None = None
    ChartNumber: str | None = None
    MedicaidID: str | None = None
    EmployerNum: int | None = None
    DateFirstVisit: str | None = None
    ClinicNum: int | None = None
    Premed: bool | str | None = None
    Ward: str | None = None
    PreferConfirmMethod: str | None = None
    PreferContactMethod: str | None = None
    PreferRecallMethod: str | None = None
    Language: str | None = None
    AdmitDate: str | None = None
    SuperFamily: int | None = None
    TxtMsgOk: str | None = None


def create_patient(engine: Engine, request: PatientInput, key: Key) -> PatientView:
    def work(conn: Connection) -> PatientView:
        for name in ("LName", "FName"):
            if not (getattr(request, name) or "").strip():
                raise FIELD_REQUIRED.error(name=name)
        values = _field_values(conn, request, None)
        guarantor = values.pop("Guarantor", 0)
        values = {**_defaults(conn), **values}
        phones = [values.get(p, "") for p in _PHONES]
        if (
            find_duplicate(
                conn,
                values["LName"],
                values["FName"],
                values.get("Birthdate", NO_DATE),
                values.get("Email", ""),
                phones,
            )
            is not None
        ):
            raise DUPLICATE_PATIENT.error()
        now = office_now()
        audit = {"SecUserNumEntry": key.UserNum, "SecDateEntry": now.date(), "DateTStamp": now}
        pat_num = insert_patient(conn, {**values, **audit})
        letters = "".join(c for c in values["LName"] + values["FName"] if c.isalpha())
        folder = f"{letters}{pat_num}"
        update_patient_row(
            conn, pat_num, {"Guarantor": guarantor or pat_num, "ImageFolder": folder}
        )
        return stored_patient(conn, pat_num)

    return family_transaction(engine, work)


def update_patient(engine: Engine, request: PatientInput, key: Key) -> PatientView:
    pat_num = PATIENT.required_id(request.pat_num)

    def work(conn: Connection) -> PatientView:
        lock_family(conn, pat_num)
        stored = usable_patient(get_patient_row(conn, pat_num))
        refuse_unread_body(request.body_error)
        for name in ("LName", "FName"):
            if getattr(request, name) is not None and not getattr(request, name).strip():
                raise FIELD_BLANK.error(name=name)
        values = _field_values(conn, request, stored)
        if "Guarantor" in values:
            _move_family(conn, stored, values.pop("Guarantor"))
        changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
        if changed:
            update_patient_row(conn, pat_num, {**changed, "DateTStamp": office_now()})
        return stored_patient(conn, pat_num)

    return family_transaction(engine, work)


def _defaults(conn: Connection) -> dict[str, Any]:
    """POST defaults: Gender Unknown, the practice's provider and billing type."""
    billing = lenient_int(pref_value(conn, "PracticeDefaultBillType"))
    if billing and get_definition(conn, billing, DefCat.BillingTypes) is None:
        billing = 0
    return {
        "Gender": PatientGender.Unknown,
        "PriProv": load_prefs(conn).PracticeDefaultProv,
        "BillingType": billing,
    }


def _field_values(
    conn: Connection, request: PatientInput, stored: PatientRow | None
) -> dict[str, Any]:
    """Column values for every field given, checked in the documented order."""
    given = {f.name: getattr(request, f.name) for f in fields(request)}
    given = {k: v for k, v in given.items() if v is not None and k not in ("pat_num", "body_error")}
    values: dict[str, Any] = {}
    for name, value in given.items():
        if name in ("LName", "FName", *_PLAIN_TEXT, *_PHONES, "Email", "MedicaidID"):
            values[name] = checked_text(
                patient, name, value.strip() if name in ("LName", "FName") else value
            )
        elif name == "PatStatus":
            values[name] = read_name(PatientStatus, value, name, _SETTABLE_STATUS)
        elif name == "Gender":
            values[name] = read_name(PatientGender, value, name)
        elif name == "Position":
            values[name] = read_name(PatientPosition, value, name)
        elif name in ("Birthdate", "DateFirstVisit", "AdmitDate"):
            values[name] = read_date(value, name)
        elif name == "Zip":
            if value and not _ZIP.fullmatch(value):
                raise invalid(name)
            values[name] = value
        elif name == "Guarantor":
            if request.SuperFamily is not None:
                raise GUARANTOR_AND_SUPER_FAMILY.error()
            values[name] = _guarantor(conn, value, stored)
        elif name in ("PriProv", "SecProv"):
            if value < 0 or (value > 0 and not provider_exists(conn, value)):
                raise invalid(name)
            if value == 0 and (name == "SecProv" or stored is None):
                values[name] = 0 if name == "SecProv" else load_prefs(conn).PracticeDefaultProv
            elif value == 0:
                raise invalid(name)
            else:
                values[name] = value
        elif name in ("FeeSched", "EmployerNum", "SuperFamily"):
            if value != (getattr(stored, name) if stored else 0):
                raise not_supported(name)
        elif name == "BillingType":
            found = definition_named(conn, DefCat.BillingTypes, value)
            if found is None:
                raise invalid(name)
            values[name] = found.DefNum
        elif name == "FamFinUrgNote":
            # Only a guarantor carries the family's note; Guarantor comes earlier in the order.
            own = stored.PatNum if stored else 0
            if values.get("Guarantor", stored.family_guarantor if stored else 0) not in (0, own):
                raise URG_NOTE_NOT_GUARANTOR.error()
            values[name] = value
        elif name == "ChartNumber":
            if len(value) > 15:
                raise CHARTNUMBER_IS_TOO_LONG.error()
            values[name] = value
        elif name == "ClinicNum":
            if value < 0 or (value > 0 and get_clinic_row(conn, value) is None):
                raise invalid(name)
            values[name] = value
        elif name == "Premed":
            values[name] = read_bool(value, name)
        elif name in ("Ward", "Language"):
            values[name] = checked_text(patient, name, value)
        elif name in _CONTACT:
            values[name] = read_name(ContactMethod, value, name)
        elif name == "TxtMsgOk":
            values[name] = read_name(YN, value, name)
    return values


def _guarantor(conn: Connection, value: int, stored: PatientRow | None) -> int:
    """POST: the head of the family to join (0 = a new family). PUT: the new guarantor."""
    if stored is not None and value == stored.PatNum:
        return value
    if value <= 0 and stored is None:
        return 0
    target = get_patient_row(conn, value) if value > 0 else None
    if target is None or target.PatStatus == PatientStatus.Deleted:
        raise GUARANTOR_INVALID.error()
    lock_family(conn, value)
    same_family = stored is not None and target.family_guarantor == stored.family_guarantor
    if not same_family and target.family_guarantor != target.PatNum:
        raise GUARANTOR_NOT_FAMILY_HEAD.error()
    return value


def _move_family(conn: Connection, stored: PatientRow, guarantor: int) -> None:
    """PUT Guarantor: a head hands the family to a member, or a patient joins another family."""
    if guarantor == stored.family_guarantor:
        return
    members = family_members(conn, stored.family_guarantor)
    is_head = stored.family_guarantor == stored.PatNum
    if guarantor in members and guarantor != stored.PatNum:
        if not is_head:
            raise GUARANTOR_TO_OTHER_MEMBER.error()
        set_guarantor(conn, members, guarantor)
        return
    if is_head and len(members) > 1:
        raise HEAD_HAS_MEMBERS.error()
    set_guarantor(conn, [stored.PatNum], guarantor)
