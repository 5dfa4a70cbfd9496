"""odpay extensions under /odpay/v1 (not Open Dental routes; Open Dental's answers are
unchanged): the payment preview and explanations, and the family ledger the console shows.

Same ODFHIR keys as /api/v1: a read key for everything here, since nothing here writes. The
routes are plain `def`, run in the threadpool even on SQLite: each builds a whole ledger (tens
of milliseconds on a large family), which must not hold the event loop as a page read may.
docs/decisions.md "Preview, explanation and console".
"""

from typing import Annotated

from fastapi import Path, Query
from fastapi.responses import Response

from odpay.http.auth import EngineDep, ReadKey
from odpay.http.openapi import demo_example, error_responses, request_body
from odpay.http.routing import resource_router  # noqa: F401 (registers the `id` path convertor)
from odpay.http.use_cases import UseCaseRouter
from odpay.http.wire.explanations import explanation_json, ledger_json, stored_explanation_json
from odpay.http.wire.json_body import INCLUDE_JSON, INVALID_JSON, JsonBody
from odpay.http.wire.payments import json_response
from odpay.http.wire.schemas import PaymentIn, payment_input
from odpay.services.account.family_ledger import MAX_LIMIT, family_ledger
from odpay.services.payments.explain_payment import explain_payment
from odpay.services.payments.preview_payment import preview_payment
from odpay.services.refusals import (
    CREATE_PAYMENT_REFUSALS,
    LEDGER_LIMIT_OUT_OF_RANGE,
    LEDGER_PAGE_REFUSALS,
    PATIENT_DELETED,
    PATIENT_NOT_FOUND,
    PAYMENT,
)

PREFIX = "/odpay/v1"
TAG = "odpay extensions"
router = UseCaseRouter(prefix=PREFIX, tags=[TAG])

_EXPLAINED = {
    "description": "Each split with the rule that chose it (`explanation`), and each family "
    "charge left owing with the reason (`unpaid`).",
    "content": {"application/json": {"schema": {"type": "object"}}},
}


@router.post(
    "/payments/preview",
    summary="Preview a payment's splits, explained (odpay extension)",
    responses={
        200: _EXPLAINED,
        **error_responses(
            (400, INCLUDE_JSON),
            (400, INVALID_JSON),
            *CREATE_PAYMENT_REFUSALS,  # the same checks as POST /api/v1/payments
        ),
    },
    openapi_extra=request_body(PaymentIn),
)
def post_preview(_key: ReadKey, engine: EngineDep, body: JsonBody) -> Response:
    """The same checks and allocation as POST /api/v1/payments for the same body, without
    writing anything: the splits it would store now, each with the rule that chose it, and
    why each charge still owing was not paid. A read key is enough."""
    return json_response(explanation_json(preview_payment(engine, payment_input(body))))


@router.get(
    "/payments/{PayNum:id}/explanation",
    summary="Explain a stored payment's splits (odpay extension)",
    responses={
        200: _EXPLAINED,
        **error_responses(PAYMENT.not_found, PATIENT_NOT_FOUND),
    },
)
def get_explanation(
    _key: ReadKey,
    engine: EngineDep,
    PayNum: Annotated[
        int, Path(description="The payment's PayNum.", openapi_examples=demo_example(32))
    ],
) -> Response:
    """The engine replayed on the family without this payment (options tried in a fixed
    order); when it makes the stored splits, each split's rule and the charges left owing,
    else `reproduced: false` and each split described by what it is on."""
    explained = explain_payment(engine, PayNum)
    return json_response(stored_explanation_json(explained))


@router.get(
    "/families/{PatNum:id}/ledger",
    summary="A page of the family's account (odpay extension)",
    responses={
        200: {
            "description": "Lines by date as Open Dental's Account module shows them: "
            "procedures, adjustments, insurance payments and payments (with their splits, "
            "each naming the line it paid), with charges, credits and the running balance.",
            "content": {"application/json": {"schema": {"type": "object"}}},
        },
        **error_responses(
            *LEDGER_PAGE_REFUSALS,
            LEDGER_LIMIT_OUT_OF_RANGE.filled(max_limit=MAX_LIMIT),
            PATIENT_DELETED,
            PATIENT_NOT_FOUND,
        ),
    },
)
def get_ledger(
    _key: ReadKey,
    engine: EngineDep,
    PatNum: Annotated[
        int, Path(description="Any member of the family.", openapi_examples=demo_example(16))
    ],
    offset: Annotated[str | None, Query(description="Lines to skip (default 0).")] = None,
    limit: Annotated[
        str | None, Query(description="Lines to answer, 1 to 1000 (default 200).")
    ] = None,
) -> Response:
    """The family of PatNum: its members, the number of lines, the balance, and one page of
    lines; the whole account is in date order, oldest first."""
    page = family_ledger(engine, PatNum, offset, limit)
    return json_response(ledger_json(page))
