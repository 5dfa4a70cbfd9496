"""URL shapes under /api/v1 and the generic answers for requests no route takes.

Spec: wire-format.md §1. Resource routers mount their routes with `resource_router()`; IDs in
their paths use the `id` convertor. Whatever matches no route (Starlette's 404 or 405) is
answered here, for any resource, in the spec's order: key, shape, resource, method.
"""

from collections.abc import Collection

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from odpay.http.auth import check_key
from odpay.http.errors import error_response
from odpay.http.use_cases import UseCaseRouter
from odpay.http.wire.payments import json_response
from odpay.services.errors import BadRequest, NotFound, ServiceError, bad_request
from odpay.services.query_params import int64

BASE_PATH = "/api/v1"
# An ID too long for 64 bits is looked up as one no row can have (a key is never negative).
NO_ROW_ID = -1

# What a path that fits no route answers; an ID that is not digits makes any such path.
MALFORMED = bad_request("Malformed API request.")


class _IdConvertor(Convertor[int]):
    """`{PayNum:id}`: all ASCII digits; anything else in that place is a method name."""

    regex = "[0-9]+"

    def convert(self, value: str) -> int:
        number = int64(value)
        return NO_ROW_ID if number is None else number

    def to_string(self, value: int) -> str:
        return str(value)


register_url_convertor("id", _IdConvertor())


def resource_router(name: str, tag: str) -> APIRouter:
    """The router of one resource: its routes live under /api/v1/{name}."""
    return UseCaseRouter(prefix=f"{BASE_PATH}/{name}", tags=[tag])


def _is_id(segment: str) -> bool:
    return segment.isascii() and segment.isdigit()


def routing_error(path: str, method: str, resources: Collection[str]) -> ServiceError:
    """Why (path, method) matches no route: malformed, unknown resource, or invalid method."""
    malformed = MALFORMED.error()
    if not path.startswith(BASE_PATH + "/"):
        return malformed
    segments = path[len(BASE_PATH) + 1 :].split("/")
    if "" in segments or len(segments) > 3 or (len(segments) == 3 and not _is_id(segments[1])):
        return malformed
    resource = segments[0]
    if resource not in resources:
        return NotFound(f"{resource} is not a valid resource.")
    if len(segments) == 3:
        name = segments[2]
    else:
        name = segments[1] if len(segments) == 2 and not _is_id(segments[1]) else ""
    return BadRequest(f"{resource} {method} {name} is not a valid method.")


def install_fallback(app: FastAPI, resources: Collection[str]) -> None:
    """Answer unmatched requests with the generic errors (after the key check, §1 step 1)."""

    async def unmatched(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code not in (404, 405):
            return json_response(str(exc.detail), exc.status_code)
        header = request.headers.get("Authorization")
        try:
            await check_key(request, header, None)
            raise routing_error(request.scope["path"], request.method, resources)
        except ServiceError as error:
            return error_response(error)

    app.add_exception_handler(StarletteHTTPException, unmatched)
    app.add_middleware(TrailingSlashMiddleware)


class TrailingSlashMiddleware:
    """One trailing `/` is ignored: the path is routed without it, never redirected."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            # In place, as Starlette's router works: the access log reads the matched route
            # from this same scope (http/access_log.py).
            scope["path"] = path[:-1]
            if isinstance(scope.get("raw_path"), bytes) and scope["raw_path"].endswith(b"/"):
                scope["raw_path"] = scope["raw_path"][:-1]
        await self.app(scope, receive, send)
