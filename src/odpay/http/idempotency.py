"""The Idempotency-Key request header and the Idempotent-Replayed answer of POST /payments and
POST /payments/Refund: an odpay extension, beyond Open Dental (docs/decisions.md,
"Idempotent retries"). The service decides; this module only reads and writes headers.
"""

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import Response

from odpay.http.created import location
from odpay.http.wire.json_body import JsonBody
from odpay.http.wire.payments import payment_response
from odpay.services.idempotency import (
    HEADER,
    KEY_INVALID,
    KEY_REUSED,
    IdempotencyRequest,
    idempotency_request,
)
from odpay.services.refusals import PAYMENT
from odpay.services.views import PaymentView

REPLAYED_HEADER = "Idempotent-Replayed"
# A replay of a payment gone since (only Open Dental deletes payments) is 404.
IDEMPOTENCY_ERRORS = ((400, KEY_INVALID), (400, KEY_REUSED), PAYMENT.not_found)


async def _idempotency(request: Request, body: JsonBody) -> IdempotencyRequest | None:
    # Runs after the key check (WriteKey comes first in the route's parameters) and before
    # the body is read as JSON; FastAPI reads the body bytes once for both. A header sent
    # twice is read as its lines joined by ", ", as HTTP allows (RFC 9110 §5.3).
    lines = request.headers.getlist(HEADER)
    header = ", ".join(lines) if lines else None
    return idempotency_request(header, request.method, request.url.path, body.data)


Idempotency = Annotated[IdempotencyRequest | None, Depends(_idempotency)]


def created_response(request: Request, view: PaymentView) -> Response:
    """201 with the Payment JSON and its Location; a replay also says so in its headers."""
    response = payment_response(view, 201)
    response.headers["Location"] = location(request, "payments", view.payment.PayNum)
    if view.replayed:
        response.headers[REPLAYED_HEADER] = "true"
    return response


def openapi_header(what: str) -> dict[str, Any]:
    """`openapi_extra` parameters for a route that takes the header; `what` is its payment."""
    return {
        "parameters": [
            {
                "name": HEADER,
                "in": "header",
                "required": False,
                "description": (
                    "**odpay extension, not part of Open Dental's API.** 1 to 255 printable "
                    "ASCII characters naming this request. A retry with the same key, method, "
                    f"path and body bytes answers 201 with {what} as it is now and the header "
                    f"`{REPLAYED_HEADER}: true`, and writes nothing. Keys belong to the API key "
                    "pair. The same key with another request is refused; a request that failed "
                    "stores nothing and may be retried with its key."
                ),
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "x-odpay-extension": True,
            }
        ]
    }


REPLAYED_RESPONSE_HEADERS = {
    REPLAYED_HEADER: {
        "description": "odpay extension: `true` when this answer repeats an earlier request "
        "with the same Idempotency-Key; absent otherwise.",
        "schema": {"type": "string", "enum": ["true"]},
    }
}
