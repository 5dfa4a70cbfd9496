"""Every request: its id (X-Request-ID), one access log line and its request metrics.

Decisions: docs/decisions.md, "Logs and metrics". The line holds the method, the path as sent
with the query's keys but never its values (they may name a patient), the status, the time
taken, the client's address and the route template; never a header, a key or a body.
"""

import logging
import re
import time
import uuid

from starlette.types import Message, Receive, Scope, Send

from odpay.http.middleware import HttpMiddleware
from odpay.logs import FIELDS, REQUEST_ID
from odpay.services.metrics import request_answered

HEADER = b"x-request-id"
# A request id sent by the client is kept when it is 1 to 128 letters, digits, `-`, `_`, `.`
# or `:` (UUIDs, ULIDs, trace ids); anything else is replaced, so a log line cannot be forged.
_SAFE_ID = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
_PATH_LIMIT = 300  # characters of the logged path; a longer one is cut and ends with "…"
UNMATCHED = "unmatched"  # the route label of a request no route took
log = logging.getLogger("odpay.access")
_CONVERTOR = re.compile(r"\{(\w+):\w+\}")
_templates: dict[str, str] = {}  # route path -> template


def request_id(headers: list[tuple[bytes, bytes]]) -> str:
    """The client's X-Request-ID when it is safe, else a new one (32 hex digits)."""
    for name, value in headers:
        if name == HEADER:
            if _SAFE_ID.fullmatch(value):
                return value.decode("ascii")
            break
    return uuid.uuid4().hex


def logged_path(scope: Scope) -> str:
    """The path as sent, still percent-encoded (so no line break gets in), then `?` and the
    query's keys without their values: `/api/v1/payments?PatNum&Limit`."""
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if isinstance(raw, bytes) else scope.get("path", "")
    query = scope.get("query_string", b"")
    if query:
        keys = (part.split(b"=", 1)[0] for part in query.split(b"&"))
        path += "?" + "&".join(key.decode("latin-1") for key in keys if key)
    return path if len(path) <= _PATH_LIMIT else path[: _PATH_LIMIT - 1] + "…"


def route_template(scope: Scope) -> str:
    """The matched route's path with convertors dropped (`/api/v1/payments/{PayNum}`)."""
    path = getattr(scope.get("route"), "path", None)
    if not isinstance(path, str):
        return UNMATCHED
    template = _templates.get(path)
    if template is None:
        template = _templates[path] = _CONVERTOR.sub(r"{\1}", path)
    return template


class AccessLogMiddleware(HttpMiddleware):
    """The outermost layer of odpay's own: it sees each request arrive and its answer end."""

    async def handle_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        rid = request_id(scope["headers"])
        token = REQUEST_ID.set(rid)
        path = logged_path(scope)  # before any inner layer rewrites the path
        status = 500  # unless an answer starts

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((HEADER, rid.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            method, route = scope["method"], route_template(scope)
            request_answered(method, route, status, seconds)
            _log_access(scope, rid, method, path, route, status, seconds)
            REQUEST_ID.reset(token)


def _log_access(
    scope: Scope, rid: str, method: str, path: str, route: str, status: int, seconds: float
) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    client = scope.get("client")
    duration_ms = round(seconds * 1000, 2)
    fields = {
        "method": method,
        "path": path,
        "route": route,
        "status": status,
        "duration_ms": duration_ms,
        "client": client[0] if client else None,
    }
    log.info(
        "%s %s %d %.2f ms",
        method,
        path,
        status,
        duration_ms,
        extra={"request_id": rid, FIELDS: fields},
    )
