"""ProcedureCodes POST (create) and PUT (update), checked in the order Open Dental's page lists
the fields, each one transaction.

Open Dental's page "API ProcedureCodes". The page states the rules (required fields, "X" and
"/" only in ProcTime, BaseUnits not negative, DrugNDC 11 digits or blank, PaintText only with
PaintType Text, AreaAlsoToothRange only with TreatArea Quad or Arch, up to 4 ICD-10 codes) but
not their texts: the messages are odpay wording. A code's ProcCode never changes (Open Dental:
"once created, a code can't be changed"), so PUT ignores it.
"""

import re
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine

from odpay.db.ledger.procedurelogs import code_named
from odpay.db.practice.cache import get_definition, provider_exists
from odpay.db.practice.definitions import definition_named
from odpay.db.practice.procedurecodes import get_procedure_code_row, insert_procedure_code
from odpay.db.practice.procedurecodes import update_procedure_code as update_procedure_code_row
from odpay.db.schema import procedurecode
from odpay.domain.enums import SubstitutionCondition, ToothPaintingType, TreatmentArea
from odpay.services.clock import office_now
from odpay.services.errors import field_too_long, refuse_unread_body
from odpay.services.field_readers import checked_text, invalid, read_name
from odpay.services.parsing import read_bool
from odpay.services.practice.procedurecodes import (
    PROC_CODE_CATS,
    ProcedureCodeRow,
    ProcedureCodeView,
    stored_code,
)
from odpay.services.refusals import (
    BASE_UNITS_NEGATIVE,
    DIAGNOSTIC_CODES_INVALID,
    DRUG_NDC_INVALID,
    FIELD_BLANK,
    FIELD_REQUIRED,
    PAINT_TEXT_NOT_TEXT,
    PROC_CAT_INVALID,
    PROC_CAT_NAME_INVALID,
    PROC_CAT_REQUIRED,
    PROC_CATS_BOTH_GIVEN,
    PROC_CODE_EXISTS,
    PROCEDURE_CODE,
    TOOTH_RANGE_NOT_AREA,
)
from odpay.services.transaction import family_transaction

_REQUIRED = ("ProcCode", "Descript", "AbbrDesc")
_FLAGS = ("NoBillIns", "IsProsth", "IsHygiene", "IsTaxed", "IsCanadianLab", "IsRadiology")
_TEXT = (
    "DefaultNote", "AlternateCode1", "LaymanTerm", "RevenueCodeDefault", "DefaultClaimNote",
    "DefaultTPNote",
)  # fmt: skip
_CODE_REFERENCES = ("MedicalCode", "SubstitutionCode")  # FKs to procedurecode.ProcCode
_PROC_TIME = re.compile(r"[X/]+")
_DRUG_NDC = re.compile(r"[0-9]{11}", re.ASCII)
_TIME_UNITS = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+", re.ASCII)
_INT_MAX = 2**31 - 1  # BaseUnits is an int(11) column
_TEXT_BYTES = 65_535  # a MariaDB TEXT column
_AREAS_WITH_RANGE = frozenset({TreatmentArea.Quad, TreatmentArea.Arch})


@dataclass(frozen=True, slots=True)
class ProcedureCodeInput:
    """The body of POST /procedurecodes and PUT /procedurecodes/{CodeNum}; None = not given."""

    code_num: int | None = None  # PUT: the ID in the URL
    body_error: str | None = None  # PUT: an empty or unreadable body, raised after look-up
    ProcCode: str | None = None
    Descript: str | None = None
    AbbrDesc: str | None = None
    ProcCat: int | None = None
    procCat: str | None = None
    ProcTime: str | None = None
    TreatArea: str | None = None
    NoBillIns: bool | str | None = None
    IsProsth: bool | str | None = None
    DefaultNote: str | None = None
    IsHygiene: bool | str | None = None
    AlternateCode1: str | None = None
    MedicalCode: str | None = None
    IsTaxed: bool | str | None = None
    PaintType: str | None = None
    LaymanTerm: str | None = None
    IsCanadianLab: bool | str | None = None
    BaseUnits: int | None = None
    SubstitutionCode: str | None = None
    SubstOnlyIf: str | None = None
    DrugNDC: str | None = None
    RevenueCodeDefault: str | None = None
    ProvNumDefault: int | None = None
    CanadaTimeUnits: str | None = None
    IsRadiology: bool | str | None = None
    DefaultClaimNote: str | None = None
    DefaultTPNote: str | None = None
    PaintText: str | None = None
    AreaAlsoToothRange: bool | str | None = None
    DiagnosticCodes: str | None = None


def create_procedure_code(engine: Engine, request: ProcedureCodeInput) -> ProcedureCodeView:
    """A new code; ProcTime "/X/" unless given, every other omitted column its default."""

    def work(conn: Connection) -> ProcedureCodeView:
        values = _field_values(conn, request, None)
        code_num = insert_procedure_code(
            conn, {"ProcTime": "/X/", **values, "DateTStamp": office_now()}
        )
        return stored_code(conn, code_num)

    return family_transaction(engine, work)


def update_procedure_code(engine: Engine, request: ProcedureCodeInput) -> ProcedureCodeView:
    """Changes the fields given (not ProcCode); writes only when a value changes."""
    code_num = PROCEDURE_CODE.required_id(request.code_num)

    def work(conn: Connection) -> ProcedureCodeView:
        stored = PROCEDURE_CODE.found(get_procedure_code_row(conn, code_num))
        refuse_unread_body(request.body_error)
        values = _field_values(conn, request, stored)
        changed = {k: v for k, v in values.items() if getattr(stored, k) != v}
        if changed:
            update_procedure_code_row(conn, code_num, {**changed, "DateTStamp": office_now()})
        return stored_code(conn, code_num)

    return family_transaction(engine, work)


def _field_values(
    conn: Connection, request: ProcedureCodeInput, stored: ProcedureCodeRow | None
) -> dict[str, Any]:
    """Column values for the fields given, checked in the documented order."""
    values: dict[str, Any] = {}
    for field in fields(request)[2:]:  # after code_num and body_error
        name, value = field.name, getattr(request, field.name)
        if name == "ProcCode" and stored is not None:
            continue  # a code's ProcCode never changes
        if name == "PaintText" and (value is not None or request.PaintType is not None):
            values[name] = _paint_text(request, values, stored)
            continue
        if name == "AreaAlsoToothRange" and (value is not None or request.TreatArea is not None):
            values[name] = _area_also_tooth_range(request, values, stored)
            continue
        if name == "ProcCat":
            _proc_cat(conn, request, stored, values)  # procCat, the next field, with it
            continue
        if name == "procCat":
            continue
        if value is None:
            if stored is None and name in _REQUIRED:
                raise FIELD_REQUIRED.error(name=name)
            continue
        if name in _REQUIRED:
            values[name] = _required_text(conn, name, value, stored)
        elif name == "ProcTime":
            if _PROC_TIME.fullmatch(value) is None:
                raise invalid(name)
            values[name] = checked_text(procedurecode, name, value)
        elif name == "TreatArea":
            values[name] = read_name(TreatmentArea, value, name)
        elif name == "PaintType":
            values[name] = read_name(ToothPaintingType, value, name)
        elif name == "SubstOnlyIf":
            values[name] = read_name(SubstitutionCondition, value, name)
        elif name in _FLAGS:
            values[name] = read_bool(value, name)
        elif name in _TEXT:
            values[name] = _text(name, value)
        elif name in _CODE_REFERENCES:
            if value != "" and code_named(conn, value) is None:
                raise invalid(name)
            values[name] = value
        elif name == "BaseUnits":
            if value < 0:
                raise BASE_UNITS_NEGATIVE.error()
            if value > _INT_MAX:
                raise invalid(name)
            values[name] = value
        elif name == "DrugNDC":
            if value != "" and _DRUG_NDC.fullmatch(value) is None:
                raise DRUG_NDC_INVALID.error()
            values[name] = value
        elif name == "ProvNumDefault":
            if value < 0 or (value > 0 and not provider_exists(conn, value)):
                raise invalid(name)
            values[name] = value
        elif name == "CanadaTimeUnits":
            values[name] = _time_units(value)
        elif name == "DiagnosticCodes":
            values[name] = _diagnostic_codes(value)
    return values


def _required_text(conn: Connection, name: str, value: str, stored: ProcedureCodeRow | None) -> str:
    """ProcCode, Descript, AbbrDesc: surrounding spaces dropped, never blank; ProcCode new."""
    trimmed = value.strip()
    if not trimmed:
        raise (FIELD_BLANK if stored else FIELD_REQUIRED).error(name=name)
    trimmed = checked_text(procedurecode, name, trimmed)
    # Compared exactly, as procCode is looked up everywhere (see code_named).
    if name == "ProcCode" and code_named(conn, trimmed) is not None:
        raise PROC_CODE_EXISTS.error()
    return trimmed


def _proc_cat(
    conn: Connection,
    request: ProcedureCodeInput,
    stored: ProcedureCodeRow | None,
    values: dict[str, Any],
) -> None:
    """ProcCat (a DefNum of category 11) or procCat (its ItemName): one is required on POST."""
    if request.ProcCat is not None and request.procCat is not None:
        raise PROC_CATS_BOTH_GIVEN.error()
    if request.ProcCat is not None:
        if request.ProcCat <= 0 or get_definition(conn, request.ProcCat, PROC_CODE_CATS) is None:
            raise PROC_CAT_INVALID.error()
        values["ProcCat"] = request.ProcCat
    elif request.procCat is not None:
        found = definition_named(conn, PROC_CODE_CATS, request.procCat)
        if found is None:
            raise PROC_CAT_NAME_INVALID.error()
        values["ProcCat"] = found.DefNum
    elif stored is None:
        raise PROC_CAT_REQUIRED.error()


def _paint_text(
    request: ProcedureCodeInput, values: dict[str, Any], stored: ProcedureCodeRow | None
) -> str:
    """PaintText, checked against the PaintType the code will have."""
    if request.PaintText is None:
        paint_text = stored.PaintText if stored else ""
    else:
        paint_text = checked_text(procedurecode, "PaintText", request.PaintText)
    paint_type = values.get("PaintType", stored.PaintType if stored else ToothPaintingType.None_)
    if paint_text != "" and paint_type != ToothPaintingType.Text:
        raise PAINT_TEXT_NOT_TEXT.error()
    return paint_text


def _area_also_tooth_range(
    request: ProcedureCodeInput, values: dict[str, Any], stored: ProcedureCodeRow | None
) -> bool:
    """AreaAlsoToothRange, checked against the TreatArea the code will have."""
    if request.AreaAlsoToothRange is None:
        also = stored.AreaAlsoToothRange if stored else False
    else:
        also = read_bool(request.AreaAlsoToothRange, "AreaAlsoToothRange")
    area = values.get("TreatArea", stored.TreatArea if stored else TreatmentArea.None_)
    if also and area not in _AREAS_WITH_RANGE:
        raise TOOTH_RANGE_NOT_AREA.error()
    return also


def _text(name: str, value: str) -> str:
    """A varchar within its length, or a text column within MariaDB's 65,535 bytes."""
    if len(value.encode("utf-8")) > _TEXT_BYTES:
        raise field_too_long(name).error()
    return checked_text(procedurecode, name, value)


def _time_units(text: str) -> float:
    """CanadaTimeUnits: a plain number of 0 or more, below 10^9, stored as Open Dental's double.

    Not money, so not rounded to cents.
    """
    trimmed = text.strip()
    if _TIME_UNITS.fullmatch(trimmed) is None:
        raise invalid("CanadaTimeUnits")
    units = Decimal(trimmed)
    if units >= 10**9:
        raise invalid("CanadaTimeUnits")
    return float(units)


def _diagnostic_codes(text: str) -> str:
    """Up to 4 ICD-10 codes, comma-separated, no white space (odpay holds no ICD-10 list, so
    the codes themselves are not looked up)."""
    codes = text.split(",") if text != "" else []
    bad = len(codes) > 4 or any(c == "" or any(ch.isspace() for ch in c) for c in codes)
    if bad:
        raise DIAGNOSTIC_CODES_INVALID.error()
    return checked_text(procedurecode, "DiagnosticCodes", text)
