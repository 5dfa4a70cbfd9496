"""The ODFHIR header as a route dependency: ReadKey for GETs, WriteKey for POST and PUT.

Spec: wire-format.md §2 (D25). A route that takes one of these checks the key before it looks
at anything else; every failure is 401 `Not Authorized.` The dependencies are `async`: they
run on the event loop, where FastAPI runs a plain `def` dependency in a worker thread of its
own (a thread hop each, measured in bench/RESULTS.md).
"""

from typing import Annotated

from fastapi import Depends, FastAPI, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy import Engine

from odpay.http.use_cases import run_use_case
from odpay.services.errors import NotAuthorized
from odpay.services.keys import READ, WRITE, Key, authorize, known_key, serve_as
from odpay.services.throttle import FailureThrottle

_odfhir = APIKeyHeader(
    name="Authorization",
    scheme_name="ODFHIR",
    description="`ODFHIR {DeveloperKey}/{CustomerKey}`, e.g. `ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z`.",
    auto_error=False,
)
Header = Annotated[str | None, Security(_odfhir)]


async def app_engine(request: Request) -> Engine:
    """The engine create_app() put on the application's state."""
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(app_engine)]


def install_throttle(app: FastAPI) -> None:
    """Count failed key checks per client address on this application (services/throttle.py)."""
    app.state.key_failures = FailureThrottle()


async def check_key(request: Request, header: str | None, permission: str | None) -> Key:
    """The request's key, if it may `permission`: 401 when not, and 429 once its client has
    failed too often (before any check, so a guesser learns nothing more)."""
    throttle: FailureThrottle = request.app.state.key_failures
    client = request.client.host if request.client else ""
    throttle.check(client)
    engine: Engine = request.app.state.engine
    # A key this process has seen allowed costs nothing; only an unknown or refused one goes
    # to the database, where the process runs its use cases (http/use_cases.py). Not in a
    # thread beside a use case on the loop: the two took the interpreter lock from each other
    # at every query, and the first POSTs after a start took up to 1.9 s (bench/RESULTS.md).
    try:
        found = known_key(engine, header, permission)
        if found is None:
            found = await run_use_case(engine, False, authorize, engine, header, permission)
    except NotAuthorized:
        if header:  # a request without a key guesses nothing
            throttle.failed(client)
        raise
    return found


async def _key(request: Request, header: str | None, permission: str) -> Key:
    found = await check_key(request, header, permission)
    serve_as(found, permission)  # the request's transactions confirm it (services/keys.py)
    return found


async def _read_key(request: Request, header: Header) -> Key:
    return await _key(request, header, READ)


async def _write_key(request: Request, header: Header) -> Key:
    return await _key(request, header, WRITE)


ReadKey = Annotated[Key, Depends(_read_key)]
WriteKey = Annotated[Key, Depends(_write_key)]
