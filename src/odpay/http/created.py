"""201 Created answers: the new row's JSON and, as Open Dental's API documentation says a POST
returns, a `Location` header with its URL, `{base}/api/v1/{resource}/{number}`."""

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from odpay.http.routing import BASE_PATH
from odpay.http.wire.payments import json_response


def location(request: Request, resource: str, number: int) -> str:
    """The URL of row `number` of `resource` (e.g. "payments"), on the host the client used."""
    return f"{str(request.base_url).rstrip('/')}{BASE_PATH}/{resource}/{number}"


def created(request: Request, content: Any, resource: str, number: int) -> Response:
    """201 with `content` and the Location of row `number` of `resource`."""
    response = json_response(content, 201)
    response.headers["Location"] = location(request, resource, number)
    return response
