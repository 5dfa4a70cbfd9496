"""ProcedureCodes: create, update, get and list (Open Dental's page "API ProcedureCodes")."""

import dataclasses
import uuid
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine

from odpay.db.practice.procedurecodes import ProcedureCodeRow
from odpay.services.clock import office_today
from odpay.services.errors import BadRequest, NotFound
from odpay.services.practice.procedurecode_writes import (
    ProcedureCodeInput,
    create_procedure_code,
    update_procedure_code,
)
from odpay.services.practice.procedurecodes import get_procedure_code, list_procedure_codes
from tests.factories import add, rows, set_row

OLD_STAMP = datetime(2021, 1, 1, 8, 30)


def _proc_code() -> str:
    """A ProcCode of its own: codes are practice-wide and the database is shared."""
    return f"T{uuid.uuid4().hex[:9]}"


def _category(engine: Engine) -> tuple[int, str]:
    """A procedure code category (definition category 11) of its own: (DefNum, ItemName)."""
    name = f"Category {uuid.uuid4().hex[:8]}"
    return add(engine, "definition", Category=11, ItemName=name), name


def _input(engine: Engine, **fields: Any) -> ProcedureCodeInput:
    fields.setdefault("ProcCode", _proc_code())
    fields.setdefault("Descript", "limited oral evaluation - problem focused")
    fields.setdefault("AbbrDesc", "LimEx")
    if "ProcCat" not in fields and "procCat" not in fields:
        fields["ProcCat"] = _category(engine)[0]
    return ProcedureCodeInput(**fields)


def _blank_row(**columns: Any) -> ProcedureCodeRow:
    """A code row with every column at its default, but those given."""
    values: dict[str, Any] = {
        "CodeNum": 0, "ProcCode": "", "Descript": "", "AbbrDesc": "", "ProcTime": "",
        "ProcCat": 0, "TreatArea": 0, "NoBillIns": False, "IsProsth": False, "DefaultNote": "",
        "IsHygiene": False, "AlternateCode1": "", "MedicalCode": "", "IsTaxed": False,
        "PaintType": 0, "LaymanTerm": "", "IsCanadianLab": False, "BaseUnits": 0,
        "SubstitutionCode": "", "SubstOnlyIf": 0, "DateTStamp": OLD_STAMP, "DrugNDC": "",
        "RevenueCodeDefault": "", "ProvNumDefault": 0, "CanadaTimeUnits": 0.0,
        "IsRadiology": False, "DefaultClaimNote": "", "DefaultTPNote": "", "PaintText": "",
        "AreaAlsoToothRange": False, "DiagnosticCodes": "",
    }  # fmt: skip
    return ProcedureCodeRow(**{**values, **columns})


def test_a_new_code_has_open_dentals_defaults(db: Engine) -> None:
    category, name = _category(db)
    proc_code = _proc_code()
    view = create_procedure_code(
        db,
        ProcedureCodeInput(
            ProcCode=f" {proc_code} ", Descript=" limited oral evaluation - problem focused ",
            AbbrDesc="LimEx", ProcCat=category, DiagnosticCodes="B08.09",
        ),
    )  # fmt: skip
    c = view.code
    assert c == _blank_row(
        CodeNum=c.CodeNum, ProcCode=proc_code, Descript="limited oral evaluation - problem focused",
        AbbrDesc="LimEx", ProcTime="/X/", ProcCat=category, DateTStamp=c.DateTStamp,
        DiagnosticCodes="B08.09",
    )  # fmt: skip
    assert (view.proc_cat_name, c.DateTStamp.date()) == (name, office_today())


def test_every_post_field_is_stored(db: Engine) -> None:
    medical = create_procedure_code(db, _input(db)).code.ProcCode
    amalgam = create_procedure_code(db, _input(db)).code.ProcCode
    category, _ = _category(db)
    view = create_procedure_code(
        db,
        _input(
            db, ProcCat=category, ProcTime="/XX//", TreatArea="Quad", NoBillIns="true",
            IsProsth=True, DefaultNote="Seated.", IsHygiene="TRUE", AlternateCode1="D0140A",
            MedicalCode=medical, IsTaxed="false", PaintType="Text", LaymanTerm="check-up",
            IsCanadianLab="true", BaseUnits=2, SubstitutionCode=amalgam, SubstOnlyIf="Molar",
            DrugNDC="12345678901", RevenueCodeDefault="510", ProvNumDefault=1,
            CanadaTimeUnits="1.5", IsRadiology="true", DefaultClaimNote="See x-rays.",
            DefaultTPNote="Discussed.", PaintText="Watch", AreaAlsoToothRange="true",
            DiagnosticCodes="B08.09,K02.52,K02.53,Z01.20",
        ),
    )  # fmt: skip
    c = view.code
    assert c == _blank_row(
        CodeNum=c.CodeNum, ProcCode=c.ProcCode, Descript="limited oral evaluation - problem focused",
        AbbrDesc="LimEx", ProcTime="/XX//", ProcCat=category, TreatArea=4, NoBillIns=True,
        IsProsth=True, DefaultNote="Seated.", IsHygiene=True, AlternateCode1="D0140A",
        MedicalCode=medical, PaintType=15, LaymanTerm="check-up", IsCanadianLab=True,
        BaseUnits=2, SubstitutionCode=amalgam, SubstOnlyIf=1, DateTStamp=c.DateTStamp,
        DrugNDC="12345678901", RevenueCodeDefault="510", ProvNumDefault=1, CanadaTimeUnits=1.5,
        IsRadiology=True, DefaultClaimNote="See x-rays.", DefaultTPNote="Discussed.",
        PaintText="Watch", AreaAlsoToothRange=True,
        DiagnosticCodes="B08.09,K02.52,K02.53,Z01.20",
    )  # fmt: skip
    assert get_procedure_code(db, c.CodeNum) == view


def test_proc_cat_can_be_given_by_its_name(db: Engine) -> None:
    category, name = _category(db)
    view = create_procedure_code(db, _input(db, procCat=name))
    assert (view.code.ProcCat, view.proc_cat_name) == (category, name)


def test_proc_code_is_unique_letter_case_included(db: Engine) -> None:
    first = create_procedure_code(db, _input(db)).code.ProcCode
    with pytest.raises(BadRequest) as refused:
        create_procedure_code(db, _input(db, ProcCode=f"{first} "))
    assert refused.value.message == "ProcCode already exists."
    # Compared exactly, as every procCode look-up is.
    other = create_procedure_code(db, _input(db, ProcCode=first.lower())).code
    assert other.ProcCode == first.lower()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ProcCode": None}, "ProcCode is required."),
        ({"ProcCode": "  "}, "ProcCode is required."),
        ({"ProcCode": "D" * 16}, "ProcCode is too long."),
        ({"Descript": None}, "Descript is required."),
        ({"Descript": ""}, "Descript is required."),
        ({"Descript": "x" * 256}, "Descript is too long."),
        ({"AbbrDesc": None}, "AbbrDesc is required."),
        ({"AbbrDesc": "x" * 51}, "AbbrDesc is too long."),
        ({"ProcCat": 5, "procCat": "Exams"}, "ProcCat and procCat cannot both be given."),
        ({"ProcCat": None}, "ProcCat or procCat is required."),
        ({"ProcCat": 69}, "ProcCat is invalid."),
        ({"ProcCat": 0}, "ProcCat is invalid."),
        ({"ProcCat": None, "procCat": "No Such Category"}, "procCat is invalid."),
        ({"ProcTime": "X-X"}, "ProcTime is invalid."),
        ({"ProcTime": "/x/"}, "ProcTime is invalid."),
        ({"ProcTime": ""}, "ProcTime is invalid."),
        ({"ProcTime": "X" * 25}, "ProcTime is too long."),
        ({"TreatArea": "mouth"}, "TreatArea is invalid."),
        ({"NoBillIns": "yes"}, "NoBillIns is invalid."),
        ({"DefaultNote": "é" * 32768}, "DefaultNote is too long."),
        ({"AlternateCode1": "x" * 16}, "AlternateCode1 is too long."),
        ({"MedicalCode": "NOSUCHCODE"}, "MedicalCode is invalid."),
        ({"PaintType": "Watch"}, "PaintType is invalid."),
        ({"BaseUnits": -1}, "BaseUnits cannot be negative."),
        ({"BaseUnits": 2**31}, "BaseUnits is invalid."),
        ({"SubstitutionCode": "NOSUCHCODE"}, "SubstitutionCode is invalid."),
        ({"SubstOnlyIf": "always"}, "SubstOnlyIf is invalid."),
        ({"DrugNDC": "1234"}, "DrugNDC must be 11 digits or blank."),
        ({"DrugNDC": "1234567890a"}, "DrugNDC must be 11 digits or blank."),
        ({"ProvNumDefault": 999999999}, "ProvNumDefault is invalid."),
        ({"ProvNumDefault": -1}, "ProvNumDefault is invalid."),
        ({"CanadaTimeUnits": "-1"}, "CanadaTimeUnits is invalid."),
        ({"CanadaTimeUnits": "1e3"}, "CanadaTimeUnits is invalid."),
        ({"CanadaTimeUnits": "1000000000"}, "CanadaTimeUnits is invalid."),
        ({"PaintText": "Watch"}, 'PaintText can only be set when PaintType is "Text".'),
        (
            {"PaintType": "Sealant", "PaintText": "W"},
            'PaintText can only be set when PaintType is "Text".',
        ),
        (
            {"AreaAlsoToothRange": "true"},
            'AreaAlsoToothRange can only be true when TreatArea is "Quad" or "Arch".',
        ),
        (
            {"TreatArea": "Tooth", "AreaAlsoToothRange": True},
            'AreaAlsoToothRange can only be true when TreatArea is "Quad" or "Arch".',
        ),
        (
            {"DiagnosticCodes": "A00,B01,C02,D03,E04"},
            "DiagnosticCodes must be up to 4 codes separated by commas, no spaces.",
        ),
        (
            {"DiagnosticCodes": "B08.09, K02.52"},
            "DiagnosticCodes must be up to 4 codes separated by commas, no spaces.",
        ),
        (
            {"DiagnosticCodes": "B08.09,,K02.52"},
            "DiagnosticCodes must be up to 4 codes separated by commas, no spaces.",
        ),
    ],
)
def test_post_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    before = len(rows(db, "procedurecode"))
    with pytest.raises(BadRequest) as refused:
        create_procedure_code(db, _input(db, **fields))
    assert refused.value.message == message
    assert len(rows(db, "procedurecode")) == before


def test_fields_are_checked_in_the_documented_order(db: Engine) -> None:
    checks = [
        (ProcedureCodeInput(ProcTime="?", BaseUnits=-1), "ProcCode is required."),
        (ProcedureCodeInput(ProcCode=_proc_code(), ProcTime="?"), "Descript is required."),
        (_input(db, AbbrDesc=None, ProcCat=None), "AbbrDesc is required."),
        (_input(db, ProcCat=None, ProcTime="?"), "ProcCat or procCat is required."),
        (_input(db, ProcTime="?", TreatArea="?"), "ProcTime is invalid."),
        (_input(db, DrugNDC="1", ProvNumDefault=-1), "DrugNDC must be 11 digits or blank."),
    ]
    for body, message in checks:
        with pytest.raises(BadRequest) as refused:
            create_procedure_code(db, body)
        assert refused.value.message == message


def test_put_changes_the_fields_given_and_stamps_the_change(db: Engine) -> None:
    created = create_procedure_code(db, _input(db, DiagnosticCodes="B08.09")).code
    set_row(db, "procedurecode", created.CodeNum, DateTStamp=OLD_STAMP)
    view = update_procedure_code(
        db,
        ProcedureCodeInput(
            code_num=created.CodeNum, ProcCode="OTHER", PaintType="Text", PaintText="Watch"
        ),
    )
    c = view.code
    # ProcCode never changes; everything not given stays.
    assert c == dataclasses.replace(
        created, PaintType=15, PaintText="Watch", DateTStamp=c.DateTStamp
    )
    assert c.DateTStamp.date() == office_today()


def test_put_writes_nothing_when_no_value_changes(db: Engine) -> None:
    created = create_procedure_code(db, _input(db, TreatArea="Quad", BaseUnits=1)).code
    set_row(db, "procedurecode", created.CodeNum, DateTStamp=OLD_STAMP)
    same = ProcedureCodeInput(
        code_num=created.CodeNum, Descript=created.Descript, TreatArea="Quad", BaseUnits=1,
        ProcCat=created.ProcCat, NoBillIns="false",
    )  # fmt: skip
    assert update_procedure_code(db, same).code == dataclasses.replace(
        created, DateTStamp=OLD_STAMP
    )


def test_put_checks_paint_text_and_tooth_range_against_the_stored_code(db: Engine) -> None:
    painted = create_procedure_code(
        db, _input(db, PaintType="Text", PaintText="W", TreatArea="Arch", AreaAlsoToothRange="true")
    ).code
    refusals: list[tuple[dict[str, Any], str]] = [
        ({"PaintType": "Sealant"}, 'PaintText can only be set when PaintType is "Text".'),
        (
            {"TreatArea": "Tooth"},
            'AreaAlsoToothRange can only be true when TreatArea is "Quad" or "Arch".',
        ),
    ]
    for fields, message in refusals:
        with pytest.raises(BadRequest) as refused:
            update_procedure_code(db, ProcedureCodeInput(code_num=painted.CodeNum, **fields))
        assert refused.value.message == message
    both = ProcedureCodeInput(
        code_num=painted.CodeNum, PaintType="Sealant", PaintText="", TreatArea="Tooth",
        AreaAlsoToothRange="false",
    )  # fmt: skip
    c = update_procedure_code(db, both).code
    assert (c.PaintType, c.PaintText, c.TreatArea, c.AreaAlsoToothRange) == (13, "", 2, False)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"Descript": ""}, "Descript cannot be blank."),
        ({"AbbrDesc": "  "}, "AbbrDesc cannot be blank."),
        ({"ProcCat": 0}, "ProcCat is invalid."),
        ({"procCat": "No Such Category"}, "procCat is invalid."),
        ({"ProcTime": "XX-"}, "ProcTime is invalid."),
        ({"body_error": "Invalid JSON."}, "Invalid JSON."),
    ],
)
def test_put_refuses_each_bad_field(db: Engine, fields: dict[str, Any], message: str) -> None:
    code_num = create_procedure_code(db, _input(db)).code.CodeNum
    with pytest.raises(BadRequest) as refused:
        update_procedure_code(db, ProcedureCodeInput(code_num=code_num, **fields))
    assert refused.value.message == message


def test_put_needs_an_id_and_looks_the_code_up_before_the_body(db: Engine) -> None:
    with pytest.raises(BadRequest) as no_id:
        update_procedure_code(db, ProcedureCodeInput(Descript="x"))
    assert no_id.value.message == "ProcedureCode ID is required."
    with pytest.raises(NotFound) as missing:
        update_procedure_code(
            db, ProcedureCodeInput(code_num=999999999, body_error="Include a JSON resource.")
        )
    assert missing.value.message == "ProcedureCode not found."


def test_get_of_a_missing_code_is_not_found(db: Engine) -> None:
    with pytest.raises(NotFound) as missing:
        get_procedure_code(db, 999999999)
    assert missing.value.message == "ProcedureCode not found."


def test_list_is_by_code_num_filtered_by_change_time_and_paged(fresh_db: Engine) -> None:
    category, name = _category(fresh_db)
    first = add(fresh_db, "procedurecode", ProcCode="D0120", ProcCat=category,
                DateTStamp=datetime(2023, 12, 12, 9, 15, 11))  # fmt: skip
    second = add(fresh_db, "procedurecode", ProcCode="D0140",
                 DateTStamp=datetime(2018, 7, 18, 8, 59, 14))  # fmt: skip
    third = add(fresh_db, "procedurecode", ProcCode="D0150",
                DateTStamp=datetime(2021, 11, 7, 14, 0, 0))  # fmt: skip
    everything = list_procedure_codes(fresh_db, {})
    assert [(v.code.CodeNum, v.proc_cat_name) for v in everything] == [
        (first, name), (second, ""), (third, "")
    ]  # fmt: skip
    changed = list_procedure_codes(fresh_db, {"DateTStamp": "2021-11-07 14:00:00"})
    assert [v.code.CodeNum for v in changed] == [first, third]
    page = list_procedure_codes(fresh_db, {"Limit": "1", "Offset": "1"})
    assert [v.code.CodeNum for v in page] == [second]
    with pytest.raises(BadRequest) as refused:
        list_procedure_codes(fresh_db, {"DateTStamp": "2021-11-07"})
    assert refused.value.message == "DateTStamp format must be yyyy-MM-dd HH:mm:ss"
