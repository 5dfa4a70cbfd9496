"""Routes under /api/v1/payments: parse, call the use case, answer.

Spec: wire-format.md §1 (routing table), payments.md §2-§6.
"""

from functools import partial
from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response

from odpay.http.auth import EngineDep, ReadKey, WriteKey
from odpay.http.idempotency import (
    IDEMPOTENCY_ERRORS,
    REPLAYED_RESPONSE_HEADERS,
    Idempotency,
    created_response,
    openapi_header,
)
from odpay.http.openapi import demo_example, error_responses, query_parameters, request_body
from odpay.http.routing import resource_router
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import (
    first_query_value,
    json_response,
    payment_json,
    payment_response,
    query_formats,
)
from odpay.http.wire.schemas import (
    PartialIn,
    PaymentIn,
    PaymentOut,
    PaymentUpdateIn,
    RefundIn,
    partial_input,
    payment_input,
    payment_update,
    refund_input,
)
from odpay.services.errors import Refusal
from odpay.services.payments.create_payment import create_payment
from odpay.services.payments.list_payments import list_payments
from odpay.services.payments.partial_payment import partial_payment
from odpay.services.payments.refund_payment import refund_payment
from odpay.services.payments.update_payment import update_payment
from odpay.services.refusals import (
    CREATE_PAYMENT_REFUSALS,
    LIST_PAYMENTS_REFUSALS,
    PARTIAL_PAYMENT_REFUSALS,
    PAYMENT,
    REFUND_PAYMENT_REFUSALS,
    UPDATE_PAYMENT_REFUSALS,
)

router = resource_router("payments", "Payments")
PayNumPath = Annotated[
    int, Path(description="The payment's PayNum.", openapi_examples=demo_example(32))
]
_BODY_ERRORS = ((400, INCLUDE_JSON), (400, INVALID_JSON))
_NOT_FOUND = PAYMENT.not_found


def _payment_responses(
    description: str, *refusals: tuple[int, str] | Refusal, created: bool = False
) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route that reads a body and answers one payment: 201 (with the
    Idempotency-Key replay headers) when it creates one, else 200."""
    answer: dict[str, Any] = {"model": PaymentOut, "description": description}
    if created:
        answer["headers"] = REPLAYED_RESPONSE_HEADERS
    return {201 if created else 200: answer, **error_responses(*_BODY_ERRORS, *refusals)}


@router.get(
    "",
    summary="List payments",
    responses={
        200: {"model": list[PaymentOut], "description": "The page of payments, by PayNum."},
        **error_responses(*LIST_PAYMENTS_REFUSALS),
    },
    openapi_extra=query_parameters(
        ("PatNum", "Only this patient's payments (above 0)."),
        ("PayType", "Only this payment type; 0 lists income transfers."),
        ("DateEntry", "Entered on or after this date, yyyy-MM-dd."),
        "Limit",
        "Offset",
        "DateFormatString",
        "DateTimeFormatString",
    ),
)
@router.get("/{PayNum:id}", include_in_schema=False)  # the number is ignored (D16)
def get_payments(request: Request, _key: ReadKey, engine: EngineDep) -> Response:
    """Payments in PayNum order, filtered by patient, payment type and entry date. Every
    item's serverDateTime is the server's time when the query ran."""
    query = partial(first_query_value, request)
    views, now = list_payments(
        engine,
        query("PatNum"),
        query("PayType"),
        query("DateEntry"),
        query("Limit"),
        query("Offset"),
    )
    formats = query_formats(request)
    server_date_time = formats.of_date_time(now)  # one time for the whole page
    return json_response([payment_json(v, formats, server_date_time) for v in views])


@router.post(
    "",
    status_code=201,
    summary="Create a payment",
    responses=_payment_responses(
        "The payment as stored.", *IDEMPOTENCY_ERRORS, *CREATE_PAYMENT_REFUSALS, created=True
    ),
    openapi_extra={**request_body(PaymentIn), **openapi_header("the payment")},
)
def post_payment(
    request: Request, key: WriteKey, engine: EngineDep, body: JsonBody, idempotency: Idempotency
) -> Response:
    """Records a patient payment and splits it over the family's outstanding charges the way
    Open Dental does: chosen procedures first, then oldest first; what is left over becomes
    unearned (prepayment) money. An `Idempotency-Key` header (odpay extension) makes a
    retry answer the same payment instead of creating another."""
    return created_response(request, create_payment(engine, payment_input(body), key, idempotency))


@router.post(
    "/Refund",
    status_code=201,
    summary="Refund a payment",
    responses=_payment_responses(
        "The refund payment as stored.",
        *IDEMPOTENCY_ERRORS,
        *REFUND_PAYMENT_REFUSALS,
        created=True,
    ),
    openapi_extra={**request_body(RefundIn), **openapi_header("the refund")},
)
def post_refund(
    request: Request, key: WriteKey, engine: EngineDep, body: JsonBody, idempotency: Idempotency
) -> Response:
    """Creates a new payment for minus the original amount, with one negated split for each
    of the original's splits, so the charges they paid are owed again. An `Idempotency-Key`
    header (odpay extension) makes a retry answer the same refund."""
    return created_response(request, refund_payment(engine, refund_input(body), key, idempotency))


@router.put(
    "/{PayNum:id}",
    summary="Update a payment",
    responses=_payment_responses("The payment as stored.", *UPDATE_PAYMENT_REFUSALS),
    openapi_extra=request_body(PaymentUpdateIn),
)
def put_payment(key: WriteKey, engine: EngineDep, body: JsonBody, PayNum: PayNumPath) -> Response:
    """Changes PayType, CheckNum, BankBranch, PayNote or ProcessStatus; other fields in the
    body are ignored and the splits stay as they are. Nothing is written (or logged) when
    nothing changes."""
    return payment_response(update_payment(engine, payment_update(PayNum, body), key), 200)


@router.put("", include_in_schema=False)
def put_payment_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    return payment_response(update_payment(engine, payment_update(None, body), key), 200)


@router.put(
    "/{PayNum:id}/Partial",
    summary="Replace a payment's splits",
    responses=_payment_responses(
        "The payment; GET /paysplits shows its splits.", *PARTIAL_PAYMENT_REFUSALS
    ),
    openapi_extra=request_body(PartialIn),
)
def put_partial(key: WriteKey, engine: EngineDep, body: JsonBody, PayNum: PayNumPath) -> Response:
    """Deletes the payment's splits and pays exactly the given procedures and dynamic payment
    plan charges instead. The Amounts must add up to the payment's PayAmt and none may exceed
    what its charge still owes."""
    return payment_response(partial_payment(engine, partial_input(PayNum, body), key), 200)


@router.put("/Partial", include_in_schema=False)
def put_partial_without_id(key: WriteKey, engine: EngineDep, body: JsonBody) -> Response:
    return payment_response(partial_payment(engine, partial_input(None, body), key), 200)
