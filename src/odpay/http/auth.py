"""The ODFHIR header as a route dependency: ReadKey for GETs, WriteKey for POST and PUT.

Spec: wire-format.md §2 (D25). A route that takes one of these checks the key before it looks
at anything else; every failure is 401 `Not Authorized.`
"""

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader
from sqlalchemy import Engine

from odpay.services.keys import READ, WRITE, Key, authorize

_odfhir = APIKeyHeader(
    name="Authorization",
    scheme_name="ODFHIR",
    description="`ODFHIR {DeveloperKey}/{CustomerKey}`, e.g. `ODFHIR NFF6i0KrXrxDkZHt/VzkmZEaUWOjnQX2z`.",
    auto_error=False,
)
Header = Annotated[str | None, Security(_odfhir)]


def app_engine(request: Request) -> Engine:
    """The engine create_app() put on the application's state."""
    engine: Engine = request.app.state.engine
    return engine


EngineDep = Annotated[Engine, Depends(app_engine)]


def _read_key(engine: EngineDep, header: Header) -> Key:
    return authorize(engine, header, READ)


def _write_key(engine: EngineDep, header: Header) -> Key:
    return authorize(engine, header, WRITE)


ReadKey = Annotated[Key, Depends(_read_key)]
WriteKey = Annotated[Key, Depends(_write_key)]
