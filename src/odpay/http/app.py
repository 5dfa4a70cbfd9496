"""create_app(): the FastAPI application, its engine's lifespan, the resources, GET /healthz
and GET /metrics, the access log.

Spec: wire-format.md §1-§5. The ASGI factory for `odpay serve` and uvicorn.
"""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy import Engine

from odpay import __version__
from odpay.db.engine import make_engine
from odpay.http.access_log import AccessLogMiddleware
from odpay.http.auth import EngineDep, install_throttle
from odpay.http.console import install_console
from odpay.http.docs import install_docs
from odpay.http.errors import add_error_handlers
from odpay.http.metrics import metrics
from odpay.http.openapi import install_openapi
from odpay.http.registry import RESOURCE_ROUTERS
from odpay.http.resources import extensions
from odpay.http.routing import install_fallback
from odpay.http.wire.payments import json_response
from odpay.services.health import database_ok
from odpay.settings import Settings

DESCRIPTION = """An Open Dental-compatible Payments API: the same URLs, JSON, error texts and
splits as Open Dental's REST API for payments and paysplits.

Every request under `/api/v1` carries `Authorization: ODFHIR {DeveloperKey}/{CustomerKey}`.
Errors are the message as a JSON string, e.g. `"PatNum is required."`. GET requests accept
`DateFormatString` and `DateTimeFormatString` (.NET-style patterns such as `MM/dd/yyyy`).

odpay's own routes, tagged "odpay extensions", live under `/odpay/v1` with the same keys: a
payment preview with the engine's explanation, the explanation of a stored payment and a
family's ledger. The ledger console that uses them is at `/console`."""


# Threads per process that run use cases, on every back-end (`--threads` changes it). A use
# case is Python work between short waits on the database, and only one thread of a process
# runs Python at a time: more threads only queue for the interpreter lock, and every query hands
# it to another thread and back, which costs CPU on a busy machine. With one thread the use
# cases run on the event loop (http/use_cases.py): MariaDB 461-466 POST/s with 1 thread against
# 426-433 with 4 (third session); SQLite 642 against 481 with its former 2 (seventh session;
# bench/RESULTS.md).
DEFAULT_THREADS = 1


# A large family is tens of thousands of short-lived records; with the default threshold (700
# allocations) every payment of a 10,000-procedure family ran dozens of collections, each
# also walking every object the server holds. Measured (bench/RESULTS.md): other families'
# p99 while it was paid 190 ms with the default, 90-140 ms with this.
_YOUNG_GENERATION_THRESHOLD = 50_000


def _tune_garbage_collection() -> None:
    """In a server process: what was loaded at start-up is left out of every collection
    (gc.freeze), and the youngest generation is collected less often."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNG_GENERATION_THRESHOLD, older, oldest)


def create_app(engine: Engine | None = None) -> FastAPI:
    """The application on `engine`, or on ODPAY_DATABASE_URL's when none is given."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threads = Settings().threads or DEFAULT_THREADS
        to_thread.current_default_thread_limiter().total_tokens = threads
        _tune_garbage_collection()
        yield
        app.state.engine.dispose()

    app = FastAPI(
        title="odpay",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redirect_slashes=False,
        docs_url=None,  # http/docs.py serves /docs and /redoc from the package
        redoc_url=None,
    )
    app.state.engine = engine if engine is not None else make_engine(Settings().database_url)
    install_throttle(app)
    for router in RESOURCE_ROUTERS.values():
        app.include_router(router)
    app.include_router(extensions.router)  # odpay's own routes, under /odpay/v1
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["Health"], summary="Health")
    app.add_api_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
    install_fallback(app, RESOURCE_ROUTERS)
    add_error_handlers(app)
    app.add_middleware(AccessLogMiddleware)  # added last: outermost, it sees every answer
    install_openapi(app, routers=list(RESOURCE_ROUTERS.values()))
    install_docs(app)
    install_console(app)
    return app


def healthz(engine: EngineDep) -> Response:
    """No key needed: 200 `{"status":"ok"}` when the database answers, else 503."""
    if database_ok(engine):
        return json_response({"status": "ok"})
    return json_response({"status": "unavailable"}, 503)
