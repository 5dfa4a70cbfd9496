"""Routes under /api/v1/paysplits: parse, call the use case, answer.

Spec: wire-format.md §1 (routing table), payments.md §7-§8.
"""

from functools import partial
from typing import Annotated

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.http.auth import EngineDep, ReadKey, WriteKey
from odpay.http.openapi import demo_example, error_responses, query_parameters, request_body
from odpay.http.routing import resource_router
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import (
    DEFAULT_FORMATS,
    first_query_value,
    json_response,
    paysplit_json,
    query_formats,
)
from odpay.http.wire.schemas import PaySplitOut, PaySplitUpdateIn, paysplit_update
from odpay.services.payments.list_paysplits import list_paysplits
from odpay.services.payments.update_paysplit import update_paysplit
from odpay.services.refusals import (
    CLINIC_NUM_ATTACHED,
    PATIENT_NOT_FOUND,
    PAYMENT,
    PAYSPLIT,
    PROV_NUM_ATTACHED,
    UPDATE_PAYSPLIT_REFUSALS,
)
from odpay.services.views import PaySplitView

router = resource_router("paysplits", "PaySplits")
SplitNumPath = Annotated[
    int, Path(description="The split's SplitNum.", openapi_examples=demo_example(35))
]


@router.get(
    "",
    summary="List paysplits",
    responses={
        200: {"model": list[PaySplitOut], "description": "The page of splits, by SplitNum."},
        **error_responses(PATIENT_NOT_FOUND, PAYMENT.not_found),
    },
    openapi_extra=query_parameters(
        ("PatNum", "Only splits on this patient's account (above 0)."),
        ("PayNum", "Only this payment's splits (above 0)."),
        ("ProcNum", "Only splits attached to this procedure (above 0)."),
        "Limit",
        "Offset",
        "DateFormatString",
        "DateTimeFormatString",
    ),
)
@router.get("/{SplitNum:id}", include_in_schema=False)  # the number is ignored (D16)
def get_paysplits(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """Splits in SplitNum order, filtered by patient, payment and procedure."""
    query = partial(first_query_value, request)
    views = list_paysplits(
        engine,
        query("PatNum"),
        query("PayNum"),
        query("ProcNum"),
        query("Limit"),
        query("Offset"),
    )
    formats = query_formats(request)
    return json_response([paysplit_json(v, formats) for v in views])


@router.put(
    "/{SplitNum:id}",
    summary="Update a paysplit",
    responses={
        200: {"model": PaySplitOut, "description": "The split as stored."},
        **error_responses(
            PAYSPLIT.id_required,
            (400, INCLUDE_JSON),
            (400, INVALID_JSON),
            *UPDATE_PAYSPLIT_REFUSALS,
            PROV_NUM_ATTACHED,
            CLINIC_NUM_ATTACHED,
            PAYSPLIT.not_found,
        ),
    },
    openapi_extra=request_body(PaySplitUpdateIn),
)
def put_paysplit(
    key: WriteKey, engine: EngineDep, body: JsonBody, SplitNum: SplitNumPath
) -> Response:
    """Moves a split to another provider or clinic; other body fields are ignored and no
    amount is re-split. Nothing is written (or logged) when nothing changes."""
    return _split_response(update_paysplit(engine, paysplit_update(SplitNum, body), key))


@router.put("", include_in_schema=False)
def put_paysplit_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    return _split_response(update_paysplit(engine, paysplit_update(None, body), key))


def _split_response(view: PaySplitView) -> Response:
    return json_response(paysplit_json(view, DEFAULT_FORMATS))
