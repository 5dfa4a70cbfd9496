"""Options the sandbox commands share (demo load, load, prefs)."""

from typing import Annotated

import typer
from sqlalchemy import Engine

from odpay.db.engine import check_reachable, make_engine
from odpay.settings import Settings

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url", help="SQLAlchemy URL; default ODPAY_DATABASE_URL or sqlite:///odpay.db."
    ),
]


def database_url(given: str | None) -> str:
    return given or Settings().database_url


def open_database(given: str | None) -> Engine:
    """The engine of --database-url (or its default), once a connection to it has answered:
    a URL odpay cannot use or a database it cannot reach is a ConfigurationError, which
    `odpay` says in one line (exit 2) instead of a traceback."""
    engine = make_engine(database_url(given))
    try:
        check_reachable(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def command_group(help: str) -> typer.Typer:
    """A group of subcommands. Help is plain text: Rich markup would eat `[rows]`."""
    return typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=help)
