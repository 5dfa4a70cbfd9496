"""Options the sandbox commands share (demo load, load, prefs)."""

from typing import Annotated

import typer

from odpay.settings import Settings

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="SQLAlchemy URL; default ODPAY_DATABASE_URL or sqlite:///odpay.db."
    ),
]


def database_url(given: str | None) -> str:
    return given or Settings().database_url
