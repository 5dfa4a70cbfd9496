"""Routes under /api/v1/procedurelogs and the ProcedureLog JSON of Open Dental's page
"API ProcedureLogs". GETs carry serverDateTime (now); POST and PUT carry ""."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.domain.enums import PlaceOfService, ProcStat
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
from odpay.http.wire.bodies import (
    body_input,
    bool_text,
    first_values,
    number,
    time_text,
    update_input,
)
from odpay.http.wire.doc_models import array_of, body_model, output_model
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import DEFAULT_FORMATS, DateFormats, json_response, query_formats
from odpay.services.account.procedurelog_writes import (
    ProcedureInput,
    create_procedure,
    update_procedure,
)
from odpay.services.account.procedurelogs import (
    ProcedureView,
    delete_procedure,
    get_procedure,
    list_procedures,
)
from odpay.services.enum_names import name_of
from odpay.services.refusals import (
    ATTACHED_TO_PATIENT_PAYMENT,
    CODE_NUM_LOCKED,
    CODE_REQUIRED,
    COMPLETE_IN_FUTURE,
    DATE_T_STAMP_INVALID,
    DELETE_NOT_TP_OR_C,
    PATIENT_DELETED,
    PATIENT_NOT_FOUND,
    PATNUM_REQUIRED,
    PROC_FEE_REQUIRED,
    PROC_STATUS_HAS_PAYMENTS,
    PROC_STATUS_INVALID,
    PROCEDURE,
    PROCEDURE_DELETE_REFUSALS,
    PROCEDURE_WRITE_REFUSALS,
    TREATMENT_AREA_REFUSALS,
)

router = resource_router("procedurelogs", "ProcedureLogs")
ProcNumPath = Annotated[
    int, Path(description="The procedure's ProcNum.", openapi_examples=demo_example(27))
]


def procedure_json(
    view: ProcedureView, formats: DateFormats, server_date_time: str
) -> dict[str, Any]:
    p = view.procedure
    return {
        "ProcNum": p.ProcNum,
        "PatNum": p.PatNum,
        "AptNum": p.AptNum,
        "ProcDate": formats.of_date(p.ProcDate),
        "ProcFee": format(p.ProcFee, "f"),  # text with two decimals: "130.00"
        "Surf": p.Surf,
        "ToothNum": p.ToothNum,
        "ToothRange": p.ToothRange,
        "Priority": p.Priority,
        "priority": view.priority_name,
        "ProcStatus": name_of(ProcStat, p.ProcStatus),
        "ProvNum": p.ProvNum,
        "provAbbr": view.prov_abbr,
        "Dx": p.Dx,
        "dxName": view.dx_name,
        "PlannedAptNum": p.PlannedAptNum,
        "PlaceService": name_of(PlaceOfService, p.PlaceService),
        "Prosthesis": p.Prosthesis,
        "DateOriginalProsth": formats.of_date(p.DateOriginalProsth),
        "ClaimNote": p.ClaimNote,
        "DateEntryC": formats.of_date(p.DateEntryC),
        "ClinicNum": p.ClinicNum,
        "CodeNum": p.CodeNum,
        "procCode": view.proc_code,
        "descript": view.descript,
        "UnitQty": p.UnitQty,
        "BaseUnits": p.BaseUnits,
        "DateTP": formats.of_date(p.DateTP),
        "SiteNum": p.SiteNum,
        "HideGraphics": bool_text(p.HideGraphics),
        "CanadianTypeCodes": p.CanadianTypeCodes,
        "ProcTime": time_text(p.ProcTime),
        "ProcTimeEnd": time_text(p.ProcTimeEnd),
        "DateTStamp": formats.of_date_time(p.DateTStamp),
        "Prognosis": p.Prognosis,
        "IsLocked": bool_text(p.IsLocked),
        "BillingNote": p.BillingNote,
        "Discount": number(p.Discount),
        "IsDateProsthEst": bool_text(p.IsDateProsthEst),
        "SecDateEntry": formats.of_date_time(p.SecDateEntry),
        "serverDateTime": server_date_time,
    }


def _answer(view: ProcedureView, status_code: int) -> Response:
    return json_response(procedure_json(view, DEFAULT_FORMATS, ""), status_code)


def _server_time(formats: DateFormats, now: datetime) -> str:
    return formats.of_date_time(now)


ProcedureOut = output_model(
    "ProcedureLogOut",
    "The ProcedureLog JSON, in this field order. serverDateTime: GET now, otherwise \"\".",
    {
        "ProcNum": 20, "PatNum": 12, "AptNum": 0, "ProcDate": "2022-05-05",
        "ProcFee": "130.00", "Surf": "MODL", "ToothNum": "4", "ToothRange": "", "Priority": 0,
        "priority": "", "ProcStatus": "C", "ProvNum": 2, "provAbbr": "DOC2", "Dx": 0,
        "dxName": "", "PlannedAptNum": 0, "PlaceService": "Office", "Prosthesis": "",
        "DateOriginalProsth": "0001-01-01", "ClaimNote": "", "DateEntryC": "2022-04-17",
        "ClinicNum": 0, "CodeNum": 2, "procCode": "D0120",
        "descript": "periodic oral evaluation - established patient", "UnitQty": 1,
        "BaseUnits": 0, "DateTP": "2022-04-17", "SiteNum": 0, "HideGraphics": "false",
        "CanadianTypeCodes": "", "ProcTime": "00:00:00", "ProcTimeEnd": "00:00:00",
        "DateTStamp": "2022-05-05 07:00:34", "Prognosis": 0, "IsLocked": "false",
        "BillingNote": "", "Discount": 0.0, "IsDateProsthEst": "false",
        "SecDateEntry": "2022-04-17 09:38:21", "serverDateTime": "2025-06-17 09:00:34",
    },
)  # fmt: skip
# Rows of the demo practice `make run` serves, so "Try it out" succeeds there.
_POST_EXAMPLES = (
    {"PatNum": 16, "ProcDate": "2021-04-25", "ProcFee": "125.95", "ProcStatus": "TP",
     "ProvNum": 1, "CodeNum": 13, "ProcTime": "13:45:00", "BillingNote": "Courtesy discount",
     "Discount": 25.99},
)  # fmt: skip
_PUT_EXAMPLES = ({"ProcStatus": "C"},)
ProcedureIn = body_model(
    "ProcedureLogIn",
    ProcedureInput,
    "POST /procedurelogs (PatNum, ProcDate, ProcStatus, CodeNum or procCode, and ProcFee "
    "required: odpay holds no fee schedules) and PUT /procedurelogs/{ProcNum} (all optional). "
    "ProcStatus: TP, C, EO, EC, R or Cn. A completed procedure cannot have a future ProcDate "
    "unless preference FutureTransDatesAllowed is on. AptNum, PlannedAptNum and SiteNum "
    "cannot be set (odpay holds no appointments or sites).",
    ("PatNum", "ProcDate", "ProcStatus", "ProcFee"),
    *_POST_EXAMPLES,
    *_PUT_EXAMPLES,
)  # fmt: skip
_NOT_FOUND = PROCEDURE.not_found
_ID_REQUIRED = PROCEDURE.id_required


@router.get(
    "",
    summary="List procedures",
    responses={
        200: {
            "model": array_of(ProcedureOut),
            "description": "The page of procedures, by ProcNum.",
        },
        **error_responses(PROC_STATUS_INVALID, DATE_T_STAMP_INVALID),
    },
    openapi_extra=query_parameters(
        ("PatNum", "Only this patient's procedures."),
        ("AptNum", "Only this appointment's procedures."),
        ("ProcStatus", "TP, C, EC, EO, R, D, Cn or TPi."),
        ("PlannedAptNum", "Only this planned appointment's procedures."),
        ("ClinicNum", "Only this clinic's procedures."),
        ("CodeNum", "Only this procedure code."),
        "DateTStamp",
        "Limit",
        "Offset",
    ),
)
def get_procedures(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """Procedures in ProcNum order, filtered by every parameter given."""
    formats = query_formats(request)
    views, now = list_procedures(engine, first_values(request))
    return json_response([procedure_json(v, formats, _server_time(formats, now)) for v in views])


@router.get(
    "/{ProcNum:id}",
    summary="Get a procedure",
    responses={
        200: {"model": ProcedureOut, "description": "The procedure."},
        **error_responses(_NOT_FOUND),
    },
)
def get_one_procedure(
    request: Request, _key: ReadKey, engine: EngineDep, ProcNum: ProcNumPath
) -> Response:
    formats = query_formats(request)
    view, now = get_procedure(engine, ProcNum)
    return json_response(procedure_json(view, formats, _server_time(formats, now)))


@router.post(
    "",
    status_code=201,
    summary="Create a procedure",
    responses={
        201: {"model": ProcedureOut, "description": "The procedure as stored."},
        **error_responses(
            *BODY_FIELD_REFUSALS,
            *PROCEDURE_WRITE_REFUSALS,
            *TREATMENT_AREA_REFUSALS,
            *PROCEDURE_DELETE_REFUSALS,
            (400, INCLUDE_JSON),
            (400, INVALID_JSON),
            PATNUM_REQUIRED,
            PROC_STATUS_INVALID,
            CODE_REQUIRED,
            PROC_FEE_REQUIRED,
            COMPLETE_IN_FUTURE,
            PATIENT_NOT_FOUND,
        ),
    },
    openapi_extra=request_body(ProcedureIn, *_POST_EXAMPLES),
)
def post_procedure(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """A new procedure for a patient; status C makes it a charge the patient owes."""
    view = create_procedure(engine, body_input(ProcedureInput, body), key)
    content = procedure_json(view, DEFAULT_FORMATS, "")
    return created(request, content, "procedurelogs", view.procedure.ProcNum)


@router.put(
    "/{ProcNum:id}",
    summary="Update a procedure",
    responses={
        200: {"model": ProcedureOut, "description": "The procedure as stored."},
        **error_responses(
            *BODY_FIELD_REFUSALS,
            *PROCEDURE_WRITE_REFUSALS,
            *TREATMENT_AREA_REFUSALS,
            *PROCEDURE_DELETE_REFUSALS,
            _ID_REQUIRED,
            PATIENT_DELETED,
            CODE_NUM_LOCKED,
            COMPLETE_IN_FUTURE,
            PROC_STATUS_HAS_PAYMENTS,
            _NOT_FOUND,
        ),
    },
    openapi_extra=request_body(ProcedureIn, *_PUT_EXAMPLES),
)
def put_procedure(
    key: WriteKey, engine: EngineDep, body: JsonBody, ProcNum: ProcNumPath
) -> Response:
    """Changes the fields given. `{"ProcStatus": "C"}` sets a procedure complete (DateEntryC
    and DateComplete become today); its insurance estimates follow fee, date and provider."""
    request = update_input(ProcedureInput, body, proc_num=ProcNum)
    return _answer(update_procedure(engine, request, key), 200)


@router.put("", include_in_schema=False)
def put_procedure_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    return _answer(
        update_procedure(engine, update_input(ProcedureInput, body, proc_num=None), key), 200
    )


@router.delete(
    "/{ProcNum:id}",
    summary="Delete a procedure",
    response_class=Response,
    responses={
        200: {"description": "Deleted (ProcStatus D); the body is empty."},
        **error_responses(
            *PROCEDURE_DELETE_REFUSALS,
            _ID_REQUIRED,
            DELETE_NOT_TP_OR_C,
            ATTACHED_TO_PATIENT_PAYMENT,
            _NOT_FOUND,
        ),
    },
)
def delete_one_procedure(_key: WriteKey, engine: EngineDep, ProcNum: ProcNumPath) -> Response:
    """Marks a TP, TPi or C procedure deleted, as Open Dental does, when no claim, payment,
    adjustment or payment plan is attached; its insurance estimates are removed."""
    delete_procedure(engine, ProcNum)
    return Response(status_code=200)


@router.delete("", include_in_schema=False)
def delete_procedure_without_id(_key: WriteKey, engine: EngineDep) -> Response:
    delete_procedure(engine, None)
    return Response(status_code=200)
