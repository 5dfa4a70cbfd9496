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


def command_group(help: str) -> typer.Typer:
    """A group of subcommands. Help is plain text: Rich markup would eat `[rows]`."""
    return typer.Typer(no_args_is_help=True, rich_markup_mode=None, help=help)
