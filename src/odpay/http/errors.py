"""Every refusal rendered once: a status and the message as a JSON string literal.

Spec: wire-format.md §4 (status codes) and §5 (error body). Service errors carry their text;
an unexpected fault is 500 `Internal server error.` and goes to the process log without the
request's body or the exception's message (which may quote SQL parameters). A database out of
reach is 503 `Database unavailable.` with Retry-After, logged in one line without a stack.
"""

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.requests import ClientDisconnect
from starlette.types import Message, Receive, Scope, Send

from odpay.http.middleware import HttpMiddleware
from odpay.http.wire.payments import json_response
from odpay.services.errors import BadRequest, NotAuthorized, NotFound, ServiceError
from odpay.services.health import is_unavailable
from odpay.services.throttle import TooManyFailures

INTERNAL_ERROR = "Internal server error."
# A database out of reach: 503, and when to try again (docs/decisions.md "Hardening:
# operations"). The body is a message like every other error of the API (§5).
UNAVAILABLE = "Database unavailable."
RETRY_AFTER_SECONDS = 5
log = logging.getLogger(__name__)

_STATUS: dict[type[ServiceError], int] = {
    BadRequest: 400,
    NotFound: 404,
    NotAuthorized: 401,
    TooManyFailures: 429,
}


def status_of(kind: type[ServiceError]) -> int:
    return next((code for base, code in _STATUS.items() if issubclass(kind, base)), 400)


def error_response(error: ServiceError) -> Response:
    response = json_response(error.message, status_of(type(error)))
    if isinstance(error, TooManyFailures):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


async def _service_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    return error_response(exc)


async def _validation_error(_request: Request, _exc: Exception) -> Response:
    # Routes bind no body and no typed parameter, so FastAPI has nothing to refuse; should
    # one slip in, its message must not reach the client.
    return error_response(BadRequest("Malformed API request."))


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(InternalErrorMiddleware)


class InternalErrorMiddleware(HttpMiddleware):
    """Turns any exception no handler took into 500 `Internal server error.` (or 503
    `Database unavailable.` when the database could not be reached).

    Starlette's own handler for `Exception` re-raises after answering; this one answers and
    stops, logging only the method, path, exception type and stack.
    """

    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracking)
        except ClientDisconnect:
            # The client went away before its request's body arrived (or the server closed a
            # connection too slow to send it): nobody to answer, and no fault of odpay's.
            log.info(
                "client disconnected before its request ended: %s %s",
                scope.get("method"),
                scope.get("path"),
            )
            return
        except Exception as exc:
            if is_unavailable(exc):
                log.error(
                    "database unavailable on %s %s: %s",
                    scope.get("method"),
                    scope.get("path"),
                    type(exc).__name__,
                )
                if started:
                    raise
                response = json_response(UNAVAILABLE, 503)
                response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
                await response(scope, receive, send)
                return
            log.error(
                "internal error on %s %s: %s\n%s",
                scope.get("method"),
                scope.get("path"),
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            if started:
                raise
            response = json_response(INTERNAL_ERROR, 500)
            await response(scope, receive, send)
