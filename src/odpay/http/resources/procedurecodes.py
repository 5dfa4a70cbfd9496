"""Routes under /api/v1/procedurecodes and the ProcedureCode JSON of Open Dental's page
"API ProcedureCodes". GETs, POST and PUT all answer the same object, in the GET examples'
field order."""

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.domain.enums import SubstitutionCondition, ToothPaintingType, TreatmentArea
from odpay.http.auth import EngineDep, ReadKey, WriteKey
from odpay.http.created import created
from odpay.http.openapi import (
    BODY_FIELD_REFUSALS,
    demo_example,
    error_responses,
    query_parameters,
    request_body,
)
from odpay.http.routing import resource_router
from odpay.http.wire.bodies import body_input, bool_text, first_values, update_input
from odpay.http.wire.doc_models import array_of, body_model, output_model
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import DEFAULT_FORMATS, DateFormats, json_response, query_formats
from odpay.services.enum_names import name_of
from odpay.services.practice.procedurecode_writes import (
    ProcedureCodeInput,
    create_procedure_code,
    update_procedure_code,
)
from odpay.services.practice.procedurecodes import (
    ProcedureCodeView,
    get_procedure_code,
    list_procedure_codes,
)
from odpay.services.refusals import (
    CREATE_PROCEDURE_CODE_REFUSALS,
    DATE_T_STAMP_INVALID,
    PROCEDURE_CODE,
    PROCEDURE_CODE_FIELD_REFUSALS,
    UPDATE_PROCEDURE_CODE_REFUSALS,
)

router = resource_router("procedurecodes", "ProcedureCodes")
CodeNumPath = Annotated[
    int, Path(description="The procedure code's CodeNum.", openapi_examples=demo_example(1))
]


def procedure_code_json(view: ProcedureCodeView, formats: DateFormats) -> dict[str, Any]:
    c = view.code
    return {
        "CodeNum": c.CodeNum,
        "ProcCode": c.ProcCode,
        "Descript": c.Descript,
        "AbbrDesc": c.AbbrDesc,
        "ProcTime": c.ProcTime,
        "ProcCat": c.ProcCat,
        "procCat": view.proc_cat_name,
        "TreatArea": name_of(TreatmentArea, c.TreatArea),
        "NoBillIns": bool_text(c.NoBillIns),
        "IsProsth": bool_text(c.IsProsth),
        "DefaultNote": c.DefaultNote,
        "IsHygiene": bool_text(c.IsHygiene),
        "AlternateCode1": c.AlternateCode1,
        "MedicalCode": c.MedicalCode,
        "IsTaxed": bool_text(c.IsTaxed),
        "PaintType": name_of(ToothPaintingType, c.PaintType),
        "LaymanTerm": c.LaymanTerm,
        "IsCanadianLab": bool_text(c.IsCanadianLab),
        "BaseUnits": c.BaseUnits,
        "SubstitutionCode": c.SubstitutionCode,
        "SubstOnlyIf": name_of(SubstitutionCondition, c.SubstOnlyIf),
        "DateTStamp": formats.of_date_time(c.DateTStamp),
        "DrugNDC": c.DrugNDC,
        "RevenueCodeDefault": c.RevenueCodeDefault,
        "ProvNumDefault": c.ProvNumDefault,
        "CanadaTimeUnits": float(c.CanadaTimeUnits),  # a JSON number with a point: 0.0, 1.0
        "IsRadiology": bool_text(c.IsRadiology),
        "DefaultClaimNote": c.DefaultClaimNote,
        "DefaultTPNote": c.DefaultTPNote,
        "PaintText": c.PaintText,
        "AreaAlsoToothRange": bool_text(c.AreaAlsoToothRange),
        "DiagnosticCodes": c.DiagnosticCodes,
    }


def _answer(view: ProcedureCodeView, status_code: int) -> Response:
    return json_response(procedure_code_json(view, DEFAULT_FORMATS), status_code)


ProcedureCodeOut = output_model(
    "ProcedureCodeOut",
    "The ProcedureCode JSON, in this field order.",
    {"CodeNum": 35, "ProcCode": "D0120",
     "Descript": "periodic oral evaluation - established patient", "AbbrDesc": "PerEx",
     "ProcTime": "/X/", "ProcCat": 73, "procCat": "Exams & Xrays", "TreatArea": "Mouth",
     "NoBillIns": "false", "IsProsth": "false", "DefaultNote": "", "IsHygiene": "false",
     "AlternateCode1": "", "MedicalCode": "", "IsTaxed": "false", "PaintType": "None",
     "LaymanTerm": "", "IsCanadianLab": "false", "BaseUnits": 0, "SubstitutionCode": "",
     "SubstOnlyIf": "Always", "DateTStamp": "2023-12-12 09:15:11", "DrugNDC": "",
     "RevenueCodeDefault": "", "ProvNumDefault": 0, "CanadaTimeUnits": 0.0,
     "IsRadiology": "false", "DefaultClaimNote": "", "DefaultTPNote": "", "PaintText": "",
     "AreaAlsoToothRange": "false", "DiagnosticCodes": ""},
)  # fmt: skip
# Rows of the demo practice `make run` serves, so "Try it out" succeeds there.
_POST_EXAMPLES = (
    {"ProcCode": "G0140", "Descript": "limited oral evaluation - problem focused",
     "AbbrDesc": "LimEx", "procCat": "Exams & Xrays", "DiagnosticCodes": "B08.09"},
)  # fmt: skip
_PUT_EXAMPLES = ({"PaintType": "Text", "PaintText": "Watch"},)
ProcedureCodeIn = body_model(
    "ProcedureCodeIn",
    ProcedureCodeInput,
    "POST /procedurecodes (ProcCode, Descript, AbbrDesc and ProcCat or procCat required) and "
    "PUT /procedurecodes/{CodeNum} (all optional; ProcCode cannot change). ProcCat is a "
    "DefNum of definition category 11 (ProcCodeCats), procCat its ItemName: on a blank "
    "practice, POST /definitions with category \"ProcCodeCats\" first. Enums by name: "
    "TreatArea, PaintType, SubstOnlyIf; booleans as \"true\"/\"false\".",
    ("ProcCode", "Descript", "AbbrDesc"),
    *_POST_EXAMPLES,
    *_PUT_EXAMPLES,
)  # fmt: skip
_NOT_FOUND = PROCEDURE_CODE.not_found


@router.get(
    "",
    summary="List procedure codes",
    responses={
        200: {"model": array_of(ProcedureCodeOut), "description": "By CodeNum."},
        **error_responses(DATE_T_STAMP_INVALID),
    },
    openapi_extra=query_parameters(
        "DateTStamp",
        "Limit",
        "Offset",
    ),
)
def get_procedure_codes(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    formats = query_formats(request)
    views = list_procedure_codes(engine, first_values(request))
    return json_response([procedure_code_json(v, formats) for v in views])


@router.get(
    "/{CodeNum:id}",
    summary="Get a procedure code",
    responses={
        200: {"model": ProcedureCodeOut, "description": "The procedure code."},
        **error_responses(_NOT_FOUND),
    },
)
def get_one_procedure_code(
    request: Request, _key: ReadKey, engine: EngineDep, CodeNum: CodeNumPath
) -> Response:
    view = get_procedure_code(engine, CodeNum)
    return json_response(procedure_code_json(view, query_formats(request)))


@router.post(
    "",
    status_code=201,
    summary="Create a procedure code",
    responses={
        201: {"model": ProcedureCodeOut, "description": "The procedure code as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            (400, INCLUDE_JSON), (400, INVALID_JSON), *CREATE_PROCEDURE_CODE_REFUSALS,
            *PROCEDURE_CODE_FIELD_REFUSALS,
        ),
    },
    openapi_extra=request_body(ProcedureCodeIn, *_POST_EXAMPLES),
)  # fmt: skip
def post_procedure_code(
    request: Request, _key: WriteKey, engine: EngineDep, body: JsonBody
) -> Response:
    """A new procedure code, ready for POST /procedurelogs (by CodeNum or procCode)."""
    view = create_procedure_code(engine, body_input(ProcedureCodeInput, body))
    content = procedure_code_json(view, DEFAULT_FORMATS)
    return created(request, content, "procedurecodes", view.code.CodeNum)


@router.put(
    "/{CodeNum:id}",
    summary="Update a procedure code",
    responses={
        200: {"model": ProcedureCodeOut, "description": "The procedure code as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            PROCEDURE_CODE.id_required, (400, INCLUDE_JSON), (400, INVALID_JSON),
            *UPDATE_PROCEDURE_CODE_REFUSALS, *PROCEDURE_CODE_FIELD_REFUSALS, _NOT_FOUND,
        ),
    },
    openapi_extra=request_body(ProcedureCodeIn, *_PUT_EXAMPLES),
)  # fmt: skip
def put_procedure_code(
    _key: WriteKey, engine: EngineDep, body: JsonBody, CodeNum: CodeNumPath
) -> Response:
    """Changes the fields given; ProcCode in the body is ignored (a code never changes)."""
    request = update_input(ProcedureCodeInput, body, code_num=CodeNum)
    return _answer(update_procedure_code(engine, request), 200)


@router.put("", include_in_schema=False)
def put_procedure_code_without_id(_key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    request = update_input(ProcedureCodeInput, body, code_num=None)
    return _answer(update_procedure_code(engine, request), 200)
