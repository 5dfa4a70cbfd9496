"""Routes under /api/v1/payplans: parse, call the use case, answer.

Spec: Open Dental's API PayPlans page (GET single, GET multiple, POST Dynamic, PUT Dynamic,
PUT Close).
"""

from typing import Annotated

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
from odpay.http.wire.json_body import JsonBody
from odpay.http.wire.payments import (
    DEFAULT_FORMATS,
    first_query_value,
    json_response,
    query_formats,
)
from odpay.http.wire.payplans import (
    PayPlanDynamicIn,
    PayPlanDynamicUpdateIn,
    payplan_dynamic_input,
    payplan_dynamic_update,
    payplan_json,
)
from odpay.services.payplans.close_payplan import close_payplan
from odpay.services.payplans.create_payplan import create_payplan
from odpay.services.payplans.payplans import get_payplan, list_payplans
from odpay.services.payplans.update_payplan import update_payplan
from odpay.services.refusals import (
    CLOSE_PAYPLAN_REFUSALS,
    CREATE_PAYPLAN_REFUSALS,
    LIST_PAYPLANS_REFUSALS,
    PATIENT_REFUSALS,
    PAYPLAN,
    PAYPLAN_INPUT_REFUSALS,
    PAYPLAN_TERMS_REFUSALS,
    UPDATE_PAYPLAN_REFUSALS,
)

router = resource_router("payplans", "PayPlans")
PlanNumPath = Annotated[
    int, Path(description="The plan's PayPlanNum.", openapi_examples=demo_example(3))
]
_NOT_FOUND = PAYPLAN.not_found
_REQUIRED = PAYPLAN.id_required


@router.get(
    "/{PayPlanNum:id}",
    summary="Get a payment plan",
    responses=error_responses(_NOT_FOUND),
)
def get_one(
    request: Request, _key: ReadKey, engine: EngineDep, PayPlanNum: PlanNumPath
) -> Response:
    """One plan of any kind: dynamic, old patient plan, or insurance plan."""
    return json_response(payplan_json(get_payplan(engine, PayPlanNum), query_formats(request)))


@router.get(
    "",
    summary="List a patient's payment plans",
    responses=error_responses(*LIST_PAYPLANS_REFUSALS),
    openapi_extra=query_parameters(
        ("PatNum", "Plans of this patient."),
        ("Guarantor", "Plans this patient guarantees."),
        "DateFormatString",
    ),
)
def get_many(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """The plans (patient, insurance, dynamic) of the patient and/or the guarantor, in
    PayPlanNum order."""
    views = list_payplans(
        engine, first_query_value(request, "PatNum"), first_query_value(request, "Guarantor")
    )
    formats = query_formats(request)
    return json_response([payplan_json(v, formats) for v in views])


@router.post(
    "/Dynamic",
    status_code=201,
    summary="Create a dynamic payment plan",
    responses=error_responses(
        *BODY_FIELD_REFUSALS,
        *CREATE_PAYPLAN_REFUSALS,
        *PATIENT_REFUSALS,
        *PAYPLAN_TERMS_REFUSALS,
        *PAYPLAN_INPUT_REFUSALS,
    ),
    openapi_extra=request_body(PayPlanDynamicIn),
)
def post_dynamic(request: Request, key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    """Attaches the procedures and adjustments to a new plan and schedules its charges from
    the terms: a down payment, then PayAmt per period with interest at APR."""
    view = create_payplan(engine, payplan_dynamic_input(body), key)
    content = payplan_json(view, DEFAULT_FORMATS)
    return created(request, content, "payplans", view.plan.PayPlanNum)


@router.put(
    "/{PayPlanNum:id}/Dynamic",
    summary="Update a dynamic payment plan",
    responses=error_responses(
        *BODY_FIELD_REFUSALS,
        *UPDATE_PAYPLAN_REFUSALS,
        *PAYPLAN_TERMS_REFUSALS,
        *PAYPLAN_INPUT_REFUSALS,
        _NOT_FOUND,
    ),
    openapi_extra=request_body(PayPlanDynamicUpdateIn),
)
def put_dynamic(
    key: WriteKey, engine: EngineDep, body: JsonBody, PayPlanNum: PlanNumPath
) -> Response:
    """New terms: the charges already due stay, the rest of the schedule follows the terms."""
    view = update_payplan(engine, payplan_dynamic_update(PayPlanNum, body), key)
    return json_response(payplan_json(view, DEFAULT_FORMATS))


@router.put("/Dynamic", include_in_schema=False)
def put_dynamic_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    view = update_payplan(engine, payplan_dynamic_update(None, body), key)
    return json_response(payplan_json(view, DEFAULT_FORMATS))


@router.put(
    "/{PayPlanNum:id}/Close",
    summary="Close a payment plan",
    responses=error_responses(*CLOSE_PAYPLAN_REFUSALS, _NOT_FOUND),
)
def put_close(key: WriteKey, engine: EngineDep, PayPlanNum: PlanNumPath) -> Response:
    """Closes a patient or dynamic plan: what its production still brings is due today."""
    return json_response(payplan_json(close_payplan(engine, PayPlanNum, key), DEFAULT_FORMATS))


@router.put("/Close", include_in_schema=False)
def put_close_without_id(key: WriteKey, engine: EngineDep) -> Response:
    return json_response(payplan_json(close_payplan(engine, None, key), DEFAULT_FORMATS))
