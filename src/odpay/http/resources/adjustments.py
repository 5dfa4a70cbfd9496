"""Routes under /api/v1/adjustments and the Adjustment JSON of Open Dental's page
"API Adjustments"."""

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

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
from odpay.http.wire.bodies import body_input, first_values, number, update_input
from odpay.http.wire.doc_models import array_of, body_model, output_model
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import DEFAULT_FORMATS, DateFormats, json_response, query_formats
from odpay.services.account.adjustments import (
    AdjustmentInput,
    AdjustmentView,
    create_adjustment,
    list_adjustments,
    update_adjustment,
)
from odpay.services.refusals import (
    ADJ_TYPE_REQUIRED,
    ADJUSTMENT,
    ADJUSTMENT_RULES,
    PATIENT_DELETED,
    PATIENT_NOT_FOUND,
    PATNUM_REQUIRED,
)

router = resource_router("adjustments", "Adjustments")
AdjNumPath = Annotated[
    int, Path(description="The adjustment's AdjNum.", openapi_examples=demo_example(1))
]


def adjustment_json(view: AdjustmentView, formats: DateFormats) -> dict[str, Any]:
    a = view.adjustment
    return {
        "AdjNum": a.AdjNum,
        "AdjDate": formats.of_date(a.AdjDate),
        "AdjAmt": number(a.AdjAmt),
        "PatNum": a.PatNum,
        "AdjType": a.AdjType,
        "adjType": view.adj_type_name,
        "ProvNum": a.ProvNum,
        "AdjNote": a.AdjNote,
        "ProcDate": formats.of_date(a.ProcDate),
        "ProcNum": a.ProcNum,
        "DateEntry": formats.of_date(a.DateEntry),
        "ClinicNum": a.ClinicNum,
        "SecUserNumEntry": a.SecUserNumEntry,
        "SecDateTEdit": formats.of_date_time(a.SecDateTEdit),
    }


AdjustmentOut = output_model(
    "AdjustmentOut",
    "The Adjustment JSON, in this field order.",
    {
        "AdjNum": 12, "AdjDate": "2022-07-19", "AdjAmt": -24.99, "PatNum": 15, "AdjType": 1,
        "adjType": "Misc Neg Adjustment", "ProvNum": 1, "AdjNote": "Discount",
        "ProcDate": "2022-06-10", "ProcNum": 18, "DateEntry": "2022-07-19", "ClinicNum": 1,
        "SecUserNumEntry": 1, "SecDateTEdit": "2022-07-19 11:45:48",
    },
)  # fmt: skip
# Rows of the demo practice `make run` serves, so "Try it out" succeeds there.
_POST_EXAMPLES = (
    {"PatNum": 16, "AdjType": 188, "AdjAmt": -24.99, "AdjDate": "2022-07-19", "ProvNum": 1,
     "AdjNote": "Discount", "ProcNum": 53},
)  # fmt: skip
_PUT_EXAMPLES = ({"AdjAmt": -24.49},)
AdjustmentIn = body_model(
    "AdjustmentIn",
    AdjustmentInput,
    "POST /adjustments (PatNum, AdjType, AdjAmt and AdjDate required) and "
    "PUT /adjustments/{AdjNum} (all optional; PatNum and ProcDate are not read). AdjAmt is "
    'positive for an AdjType whose ItemValue is "+", negative for "-"; AdjDate not in the '
    "future.",
    ("PatNum", "AdjType", "AdjAmt", "AdjDate"),
    *_POST_EXAMPLES,
    *_PUT_EXAMPLES,
)  # fmt: skip


@router.get(
    "",
    summary="List a patient's adjustments",
    responses={
        200: {"model": array_of(AdjustmentOut), "description": "By AdjNum."},
        **error_responses(PATNUM_REQUIRED, PATIENT_NOT_FOUND),
    },
    openapi_extra=query_parameters(
        ("PatNum", "Required: the patient."),
        ("AdjType", "Only this adjustment type."),
        ("ProcNum", "Only adjustments attached to this procedure."),
        "Limit",
        "Offset",
    ),
)
def get_adjustments(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    formats = query_formats(request)
    views = list_adjustments(engine, first_values(request))
    return json_response([adjustment_json(v, formats) for v in views])


@router.post(
    "",
    status_code=201,
    summary="Create an adjustment",
    responses={
        201: {"model": AdjustmentOut, "description": "The adjustment as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            (400, INCLUDE_JSON), (400, INVALID_JSON), PATNUM_REQUIRED,
            ADJ_TYPE_REQUIRED, *ADJUSTMENT_RULES, PATIENT_NOT_FOUND,
        ),
    },
    openapi_extra=request_body(AdjustmentIn, *_POST_EXAMPLES),
)  # fmt: skip
def post_adjustment(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """A charge (positive) or credit (negative) on a patient's account, optionally attached to
    one of the patient's procedures."""
    view = create_adjustment(engine, body_input(AdjustmentInput, body), key)
    content = adjustment_json(view, DEFAULT_FORMATS)
    return created(request, content, "adjustments", view.adjustment.AdjNum)


@router.put(
    "/{AdjNum:id}",
    summary="Update an adjustment",
    responses={
        200: {"model": AdjustmentOut, "description": "The adjustment as stored."},
        **error_responses(*BODY_FIELD_REFUSALS,
            ADJUSTMENT.id_required, PATIENT_DELETED, *ADJUSTMENT_RULES,
            ADJUSTMENT.not_found,
        ),
    },
    openapi_extra=request_body(AdjustmentIn, *_PUT_EXAMPLES),
)  # fmt: skip
def put_adjustment(
    key: WriteKey, engine: EngineDep, body: JsonBody, AdjNum: AdjNumPath
) -> Response:
    """Changes the fields given; a new ProcNum also brings that procedure's ProcDate."""
    view = update_adjustment(engine, update_input(AdjustmentInput, body, adj_num=AdjNum), key)
    return json_response(adjustment_json(view, DEFAULT_FORMATS))


@router.put("", include_in_schema=False)
def put_adjustment_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    view = update_adjustment(engine, update_input(AdjustmentInput, body, adj_num=None), key)
    return json_response(adjustment_json(view, DEFAULT_FORMATS))
