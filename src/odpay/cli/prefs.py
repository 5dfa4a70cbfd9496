"""`odpay prefs list` and `odpay prefs set NAME VALUE` (logic: services/practice/preference_settings.py)."""

from typing import Annotated

import typer

from odpay.cli.options import DatabaseUrl, command_group, open_database
from odpay.services.errors import ServiceError
from odpay.services.practice.preference_settings import list_preferences, set_preference

prefs_app = command_group("The preferences odpay reads.")


@prefs_app.command("list")
def prefs_list(database_url_: DatabaseUrl = None) -> None:
    """Show each preference odpay reads; '(default)' marks one the database has no row for."""
    engine = open_database(database_url_)
    for line in list_preferences(engine):
        suffix = "  (default)" if line.is_default else ""
        typer.echo(f"{line.PrefName} = {line.ValueString}{suffix}")
    engine.dispose()


@prefs_app.command("set")
def prefs_set(
    name: Annotated[str, typer.Argument(help="PrefName, e.g. RigorousAccounting.")],
    value: Annotated[str, typer.Argument(help="The new ValueString.")],
    database_url_: DatabaseUrl = None,
) -> None:
    """Set one preference after checking its value."""
    engine = open_database(database_url_)
    try:
        stored = set_preference(engine, name, value)
    except ServiceError as exc:
        typer.echo(exc.message, err=True)
        raise typer.Exit(2) from exc
    finally:
        engine.dispose()
    typer.echo(f"{name} = {stored}")
